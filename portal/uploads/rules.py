"""What members may upload, judged by the file's content, never by its name or the browser's
content type: magic bytes for PDF, the zip structure for Word/Excel (OOXML), the OLE header and
directory for the old .doc/.xls, Pillow for pictures (their size read from the header, before
anything is decoded, so a small file declaring 30000×30000 pixels is refused unopened).

    from portal.uploads.rules import ATTACHMENTS, check_files
    checked = check_files(request.FILES.getlist("files"), ATTACHMENTS)  # or a ValidationError

The messages are written to stand beside a form field; a rule may word them its own way.
"""

import dataclasses
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from PIL import Image

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """One file type the portal knows: its MIME type, its usual extensions (the first is the one
    stored files get) and whether a browser may show it inline (pictures and PDF only)."""

    name: str
    mime: str
    extensions: tuple[str, ...]
    inline: bool = False

    @property
    def is_image(self) -> bool:
        return self.name in IMAGE_KINDS


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("jpeg", "image/jpeg", (".jpg", ".jpeg"), inline=True),
        Kind("png", "image/png", (".png",), inline=True),
        Kind("gif", "image/gif", (".gif",), inline=True),
        Kind("webp", "image/webp", (".webp",), inline=True),
        Kind("pdf", "application/pdf", (".pdf",), inline=True),
        Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
        Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
        Kind("doc", "application/msword", (".doc",)),
        Kind("xls", "application/vnd.ms-excel", (".xls",)),
    )
}
IMAGE_KINDS = frozenset({"jpeg", "png", "gif", "webp"})
OFFICE_KINDS = frozenset({"docx", "xlsx", "doc", "xls"})
PILLOW_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

# EXIF orientations that turn the stored picture by 90°: its displayed width is its stored height.
TURNED_ORIENTATIONS = {5, 6, 7, 8}

DEFAULT_MESSAGES = {
    # Recognised by nothing, or recognised as a type the rule does not take.
    "unknown": "文件“{name}”的格式不受支持，请上传{label}。",
    "format": "文件“{name}”的格式不受支持，请上传{label}。",
    "empty": "文件“{name}”是空文件，请重新选择。",
    "size": "文件“{name}”不能超过 {max_size}。",
    "count": "最多上传 {max_count} 个文件。",
    # A picture whose header declares more pixels than the rule (or Pillow) accepts.
    "pixels": "图片“{name}”的像素过多，不能超过 {max_megapixels} 万像素。",
    "side": "图片“{name}”的宽和高都不能超过 {max_side} 像素。",
    "exact": "图片“{name}”应为 {exact_width}（宽）x {exact_height}（高）像素，您上传的图片为：{width}（宽）x {height}（高）。",
}


def human_size(size: int) -> str:
    if size % MB == 0:
        return f"{size // MB} MB"
    if size < MB:
        return f"{size / 1024:g} KB"
    return f"{size / MB:.1f} MB"


@dataclass(frozen=True)
class UploadRule:
    """What a form field or a service accepts: the kinds (names of KINDS), the largest file, how
    many files at once, and for pictures the most pixels (width × height), optionally the
    longest side or the one exact size. `label` names what to upload in the messages;
    `messages` rewords any of DEFAULT_MESSAGES (keys as there, str.format placeholders)."""

    kinds: frozenset[str]
    max_bytes: int
    max_count: int = 1
    max_pixels: int = 40_000_000
    max_side: int | None = None
    exact_size: tuple[int, int] | None = None
    label: str = "图片、PDF 或 Office 文档"
    messages: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        kinds = frozenset(self.kinds)
        unknown = kinds - KINDS.keys()
        if unknown or not kinds:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
        object.__setattr__(self, "kinds", kinds)

    def replace(self, **changes) -> "UploadRule":
        return dataclasses.replace(self, **changes)

    @property
    def accept(self) -> str:
        """For the file input's accept attribute (a hint to the browser; the server decides)."""
        parts = []
        for name in sorted(self.kinds):
            parts += [KINDS[name].mime, *KINDS[name].extensions]
        return ",".join(parts)

    def error(self, key: str, **params) -> ValidationError:
        params = {
            "label": self.label,
            "max_size": human_size(self.max_bytes),
            "max_count": self.max_count,
            "max_megapixels": f"{self.max_pixels / 10_000:g}",
            "max_side": self.max_side,
            "exact_width": self.exact_size[0] if self.exact_size else None,
            "exact_height": self.exact_size[1] if self.exact_size else None,
            **params,
        }
        template = self.messages.get(key, DEFAULT_MESSAGES[key])
        return ValidationError(template.format(**params), code=key)


IMAGES = UploadRule(kinds=IMAGE_KINDS, max_bytes=10 * MB, max_count=5, label="JPG、PNG、GIF 或 WEBP 图片")
PDF = UploadRule(kinds={"pdf"}, max_bytes=10 * MB, max_count=5, label="PDF 文件")
OFFICE = UploadRule(kinds=OFFICE_KINDS, max_bytes=10 * MB, max_count=5, label="Word 或 Excel 文档")
ATTACHMENTS = UploadRule(
    kinds=IMAGE_KINDS | {"pdf"} | OFFICE_KINDS, max_bytes=10 * MB, max_count=5, label="图片、PDF 或 Office 文档"
)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed a rule: the file (rewound), what its content is, and its size;
    `width`/`height` as displayed (EXIF orientation applied) for pictures."""

    file: File
    kind: Kind
    name: str
    size: int
    width: int | None = None
    height: int | None = None

    @property
    def mime(self) -> str:
        return self.kind.mime


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(name: str | None, limit: int = 200) -> str:
    """The client's file name fit for display only: no folders, no control characters, short."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().strip(".")
    if not name:
        return "未命名文件"
    if len(name) > limit:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: limit - len(suffix)] + suffix
    return name


def check_files(files: Iterable, rule: UploadRule, already: int = 0) -> list[CheckedFile]:
    """Check every file against the rule (and the count, `already` counting files kept from
    before); a ValidationError listing each refusal, or the checked files."""
    files = [file for file in files if file]
    if already + len(files) > rule.max_count:
        raise rule.error("count")
    checked, errors = [], []
    for file in files:
        try:
            checked.append(check_file(file, rule))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


def check_file(file, rule: UploadRule) -> CheckedFile:
    """One file against the rule, in the order a member can act on: size, type, then pixels."""
    name = clean_name(getattr(file, "name", ""))
    size = file.size
    if size > rule.max_bytes:
        raise rule.error("size", name=name)
    if size == 0:
        raise rule.error("empty", name=name)
    kind_name, dimensions = _sniff(file, rule, name)
    if kind_name is None:
        raise rule.error("unknown", name=name)
    if kind_name not in rule.kinds:
        raise rule.error("format", name=name)
    width, height = dimensions or (None, None)
    return CheckedFile(file=file, kind=KINDS[kind_name], name=name, size=size, width=width, height=height)


# --- sniffing --------------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = re.compile(rb"%PDF-[12]\.\d")
MAX_CONTENT_TYPES_BYTES = 1 * MB


def _read(file, size: int = -1) -> bytes:
    file.seek(0)
    try:
        return file.read(size)
    finally:
        file.seek(0)


def _sniff(file, rule: UploadRule, name: str) -> tuple[str | None, tuple[int, int] | None]:
    """(kind name, displayed size of a picture). The kind is None when nothing recognises the
    content, or a name outside KINDS (such as "bmp", "zip") when it is a type we do not take."""
    head = _read(file, 16)
    if PDF_MAGIC.match(head):
        return "pdf", None
    if head.startswith(OLE_MAGIC):
        return _ole_kind(_read(file)), None
    if head.startswith(ZIP_MAGIC):
        return _ooxml_kind(file), None
    return _image_kind(file, rule, name)


def _ole_kind(data: bytes) -> str:
    """A compound file (OLE2) is a Word document when it holds a "WordDocument" stream, an Excel
    workbook with a "Workbook" (or BIFF5 "Book") stream. Directory entries are 128 bytes at
    128-byte boundaries after the 512-byte header: UTF-16 name, its length at 64, type at 66."""
    for offset in range(512, len(data) - 127, 128):
        length = int.from_bytes(data[offset + 64 : offset + 66], "little")
        if data[offset + 66] != 2 or not 2 <= length <= 64 or length % 2:
            continue  # not a stream entry
        stream = data[offset : offset + length - 2].decode("utf-16-le", "replace")
        if stream == "WordDocument":
            return "doc"
        if stream in ("Workbook", "Book"):
            return "xls"
    return "ole"


def _ooxml_kind(file) -> str | None:
    """A .docx/.xlsx is a zip with [Content_Types].xml naming its main part; macro-enabled
    documents (docm, xlsm) name another type and are refused."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > MAX_CONTENT_TYPES_BYTES:
                return "zip"
            types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    if "word/document.xml" in names and b"wordprocessingml.document.main+xml" in types:
        return "docx"
    if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main+xml" in types:
        return "xlsx"
    return "zip"


def _image_kind(file, rule: UploadRule, name: str) -> tuple[str | None, tuple[int, int] | None]:
    """Pillow reads the header only; the pixel limits are judged on it before verify(). Whether
    the file is whole is judged here too (`complete`), not by Pillow: WeasyPrint sets
    ImageFile.LOAD_TRUNCATED_IMAGES for the whole process once imported, and with it Pillow
    decodes a cut-off picture as if it were whole."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            kind = PILLOW_FORMATS.get(image.format or "", (image.format or "image").lower())
            if kind not in rule.kinds:
                return kind, None
            width, height = image.size
            if width * height > rule.max_pixels:
                raise rule.error("pixels", name=name, width=width, height=height)
            if kind in ("jpeg", "webp") and image.getexif().get(0x0112) in TURNED_ORIENTATIONS:
                width, height = height, width
            if rule.max_side and max(width, height) > rule.max_side:
                raise rule.error("side", name=name, width=width, height=height)
            if rule.exact_size and (width, height) != tuple(rule.exact_size):
                raise rule.error("exact", name=name, width=width, height=height)
            image.verify()
        if not complete(_read(file), kind):
            return None, None  # cut short: refused as a file nothing recognises
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own ceiling, met while reading the header: nothing was decoded.
        raise rule.error("pixels", name=name, width="?", height="?") from None
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, struct.error…)
        return None, None
    finally:
        file.seek(0)
    return kind, (width, height)


# --- is the picture whole? ----------------------------------------------------------------------------


def complete(data: bytes, kind: str) -> bool:
    """Whether the file of a picture of `kind` runs to its format's end marker, read from its
    structure (independent of Pillow's LOAD_TRUNCATED_IMAGES)."""
    check = {"jpeg": _jpeg_complete, "png": _png_complete, "gif": _gif_complete, "webp": _webp_complete}.get(kind)
    try:
        return check(data) if check else True
    except IndexError:  # a length pointing past the end
        return False


def _jpeg_complete(data: bytes) -> bool:
    """The header segments up to the start of scan (SOS), then an end of image (EOI) after it:
    FF D9 cannot occur inside the scan's data, where every FF byte is followed by 00 or RSTn."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker == 0xDA:
            return data.find(b"\xff\xd9", at + 2) != -1
        else:
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return False


def _png_complete(data: bytes) -> bool:
    """Chunk by chunk (length, type, data, CRC) to a whole IEND chunk."""
    at = 8
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        at += 12 + length
        if kind == b"IEND":
            return at <= len(data)
    return False


def _gif_sub_blocks(data: bytes, at: int) -> int:
    while data[at]:
        at += 1 + data[at]
    return at + 1


def _gif_complete(data: bytes) -> bool:
    """The logical screen, then image descriptors and extensions block by block to the trailer (3B)."""
    at = 13
    if data[10] & 0x80:  # global colour table
        at += 3 * 2 ** ((data[10] & 7) + 1)
    while at < len(data):
        block = data[at]
        if block == 0x3B:
            return True
        if block == 0x21:  # extension: label, then sub-blocks
            at = _gif_sub_blocks(data, at + 2)
        elif block == 0x2C:  # image: descriptor, local colour table, LZW code size, sub-blocks
            flags = data[at + 9]
            at += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            at = _gif_sub_blocks(data, at + 1)
        else:
            return False
    return False


def _webp_complete(data: bytes) -> bool:
    """The RIFF header states the file's length."""
    return len(data) >= 8 + int.from_bytes(data[4:8], "little")
