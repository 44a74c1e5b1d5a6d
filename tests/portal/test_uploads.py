"""portal.uploads: the rules judge files by content, each limit on both sides; attachments are
stored under random names, removed after commit, and served only through the owner's check."""

import io
import re
import struct
import zipfile
from urllib.parse import quote

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from PIL import Image, ImageFile

from member_center.models import Firm
from portal.uploads import photos, services
from portal.uploads.access import register_attachment_access, unregister_attachment_access
from portal.uploads.fields import MultipleFileField
from portal.uploads.models import Attachment
from portal.uploads.rules import ATTACHMENTS, IMAGES, MB, OFFICE, PDF, UploadRule, check_file, check_files
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, MemberUserFactory, id_photo, png_declaring
from tests.http import body

# --- files made in memory ---------------------------------------------------------------------------


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF header is rewritten to claim width×height pixels."""
    data = bytearray(id_photo((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="application/{type}"/></Types>'
)


def ooxml(part: str, content_type: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, type=content_type))
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def docx() -> bytes:
    return ooxml("word/document.xml", "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")


def xlsx() -> bytes:
    return ooxml("xl/workbook.xml", "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")


def docm() -> bytes:
    return ooxml("word/document.xml", "vnd.ms-word.document.macroEnabled.main+xml")


def ole(stream: str) -> bytes:
    """A compound file (the old .doc/.xls container): header, then a directory sector."""

    def entry(name: str, kind: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return encoded.ljust(64, b"\0") + struct.pack("<HB", len(encoded), kind) + b"\0" * 61

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\0")
    directory = entry("Root Entry", 5) + entry(stream, 2) + b"\0" * 256
    return header + directory


PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120 + b"This program cannot be run in DOS mode."
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def refusal(file, rule) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        check_file(file, rule)
    return refused.value.messages


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to decode pixels fails the test: the limits must be judged on the header."""

    def load(self):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# --- kinds by content -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("照片.jpg", id_photo(), "image/jpeg"),
        ("截图.png", id_photo(fmt="PNG"), "image/png"),
        ("合同.pdf", PDF_BYTES, "application/pdf"),
        ("合同.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("清单.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("旧合同.doc", ole("WordDocument"), "application/msword"),
        ("旧清单.xls", ole("Workbook"), "application/vnd.ms-excel"),
    ],
)
def test_attachments_take_images_pdf_and_office_documents_by_content(name, data, mime):
    checked = check_file(upload(name, data), ATTACHMENTS)

    assert (checked.mime, checked.name, checked.size) == (mime, name, len(data))


def test_the_type_comes_from_the_content_not_the_name_or_the_browser():
    checked = check_file(upload("photo.jpg", id_photo(fmt="PNG"), "image/jpeg"), ATTACHMENTS)

    assert checked.mime == "image/png"


def test_a_png_renamed_jpg_is_refused_by_a_jpg_only_rule():
    rule = UploadRule(kinds={"jpeg"}, max_bytes=MB, label="JPG 图片")

    assert refusal(upload("photo.jpg", id_photo(fmt="PNG"), "image/jpeg"), rule) == [
        "文件“photo.jpg”的格式不受支持，请上传JPG 图片。"
    ]


@pytest.mark.parametrize("data", [EXE_BYTES, HTML_BYTES], ids=["exe", "html"])
def test_an_exe_or_html_renamed_pdf_is_refused(data):
    assert refusal(upload("合同.pdf", data, "application/pdf"), ATTACHMENTS) == [
        "文件“合同.pdf”的格式不受支持，请上传图片、PDF 或 Office 文档。"
    ]


@pytest.mark.parametrize(
    "data",
    [docm(), ooxml("content.xml", "zip"), ole("SummaryInformation"), id_photo(fmt="BMP"), b"\0" * 64],
    ids=["macro-enabled docm", "other zip", "other OLE file", "bmp", "zeros"],
)
def test_other_containers_and_formats_are_refused(data):
    assert refusal(upload("文件.docx", data), ATTACHMENTS) == [
        "文件“文件.docx”的格式不受支持，请上传图片、PDF 或 Office 文档。"
    ]


def test_each_named_rule_takes_only_its_kinds():
    assert check_file(upload("a.pdf", PDF_BYTES), PDF).mime == "application/pdf"
    assert refusal(upload("a.docx", docx()), PDF) == ["文件“a.docx”的格式不受支持，请上传PDF 文件。"]
    assert check_file(upload("a.docx", docx()), OFFICE).kind.name == "docx"
    assert refusal(upload("a.pdf", PDF_BYTES), OFFICE) == ["文件“a.pdf”的格式不受支持，请上传Word 或 Excel 文档。"]
    assert check_file(upload("a.gif", id_photo(fmt="GIF")), IMAGES).mime == "image/gif"
    assert refusal(upload("a.pdf", PDF_BYTES), IMAGES)


def test_an_empty_file_is_refused():
    assert refusal(upload("空.pdf", b""), ATTACHMENTS) == ["文件“空.pdf”是空文件，请重新选择。"]


def test_the_displayed_name_keeps_no_folders_or_control_characters():
    checked = check_file(upload("..\\..\\etc/合同\x00.pdf", PDF_BYTES), ATTACHMENTS)

    assert checked.name == "合同.pdf"


# --- size, count, pixels: each limit on both sides ----------------------------------------------------


def test_a_file_of_exactly_the_limit_passes_and_one_byte_more_is_refused():
    rule = PDF.replace(max_bytes=MB)
    exactly = PDF_BYTES + b"\n" * (MB - len(PDF_BYTES))

    assert check_file(upload("a.pdf", exactly), rule).size == MB
    assert refusal(upload("a.pdf", exactly + b"\n"), rule) == ["文件“a.pdf”不能超过 1 MB。"]


def test_the_attachment_limit_is_10_mb():
    assert refusal(upload("大.pdf", PDF_BYTES.ljust(10 * MB + 1, b"\n")), ATTACHMENTS) == [
        "文件“大.pdf”不能超过 10 MB。"
    ]


def test_max_count_files_pass_and_one_more_is_refused():
    files = [upload(f"{n}.pdf", PDF_BYTES) for n in range(ATTACHMENTS.max_count)]

    assert len(check_files(files, ATTACHMENTS)) == 5
    with pytest.raises(ValidationError) as refused:
        check_files([*files, upload("6.pdf", PDF_BYTES)], ATTACHMENTS)
    assert refused.value.messages == ["最多上传 5 个文件。"]


def test_files_kept_from_before_count_towards_the_limit():
    with pytest.raises(ValidationError):
        check_files([upload("a.pdf", PDF_BYTES)], ATTACHMENTS, already=5)
    assert len(check_files([upload("a.pdf", PDF_BYTES)], ATTACHMENTS, already=4)) == 1


def test_every_refused_file_is_named():
    with pytest.raises(ValidationError) as refused:
        check_files([upload("a.exe", EXE_BYTES), upload("b.pdf", PDF_BYTES), upload("c.html", HTML_BYTES)], ATTACHMENTS)

    assert [("“a.exe”" in m, "“c.html”" in m) for m in refused.value.messages] == [(True, False), (False, True)]


@pytest.mark.parametrize("data", [png_declaring(30000, 30000), jpeg_declaring(30000, 30000)], ids=["png", "jpeg"])
def test_a_decompression_bomb_is_refused_without_decoding_it(data, no_decoding):
    assert len(data) < 2000

    assert refusal(upload("bomb.png", data), ATTACHMENTS) == ["图片“bomb.png”的像素过多，不能超过 4000 万像素。"]


def test_a_picture_over_the_rules_pixels_but_under_pillows_is_refused_from_its_header(no_decoding):
    # 9000×9000 = 81 million pixels: under Pillow's own warning threshold, over the rule's 40 million.
    assert refusal(upload("big.png", png_declaring(9000, 9000)), IMAGES) == [
        "图片“big.png”的像素过多，不能超过 4000 万像素。"
    ]


def test_the_pixel_limit_on_each_side():
    rule = IMAGES.replace(max_pixels=100 * 100)

    assert check_file(upload("a.png", png_declaring(100, 100)), rule).width == 100
    assert refusal(upload("a.png", png_declaring(101, 100)), rule)


def test_the_longest_side_limit_on_each_side():
    rule = IMAGES.replace(max_side=400)

    assert check_file(upload("a.png", png_declaring(400, 10)), rule)
    assert refusal(upload("a.png", png_declaring(401, 10)), rule) == ["图片“a.png”的宽和高都不能超过 400 像素。"]


def test_an_unknown_kind_in_a_rule_is_a_programming_error():
    with pytest.raises(ValueError):
        UploadRule(kinds={"exe"}, max_bytes=MB)


# --- the ID photo rule, once, shared --------------------------------------------------------------------


def test_the_profile_wizard_uses_the_shared_id_photo_rule():
    from member_center.profiles.forms import basic

    assert basic.checked_id_photo is photos.checked_id_photo
    assert basic.FORMAT_MESSAGE == photos.ID_PHOTO_FORMAT_MESSAGE


def test_账户信息_uses_the_shared_id_photo_rule_too():
    from member_center import forms as account_forms

    assert account_forms.checked_id_photo is photos.checked_id_photo


def test_the_id_photo_is_reencoded_at_350_dpi():
    image = Image.open(io.BytesIO(photos.checked_id_photo(upload("a.jpg", id_photo())).read()))

    assert (image.format, image.size, round(image.info["dpi"][0])) == ("JPEG", (358, 441), 350)


def jpeg_with_text_segments() -> bytes:
    """A valid ID photo carrying a COM comment, an EXIF block and an ICC profile."""
    buffer = io.BytesIO()
    image = Image.open(io.BytesIO(id_photo()))
    exif = Image.Exif()
    exif[0x010E] = "SECRET-EXIF-DESCRIPTION"
    image.save(buffer, "JPEG", comment=b"SECRET-COMMENT <script>", exif=exif.tobytes(), icc_profile=b"SECRET-ICC" * 20)
    data = buffer.getvalue()
    assert b"SECRET-COMMENT" in data and b"SECRET-EXIF" in data and b"SECRET-ICC" in data
    return data


def jpeg_segments(data: bytes) -> set[int]:
    """The markers of a JPEG's header segments, up to the start of the scan."""
    markers, at = set(), 2
    while at < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.add(marker)
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return markers


def test_the_id_photo_keeps_only_its_pixels():
    data = photos.checked_id_photo(upload("a.jpg", jpeg_with_text_segments())).read()
    assert b"SECRET" not in data
    assert 0xFE not in jpeg_segments(data)  # COM
    assert 0xE1 not in jpeg_segments(data) and 0xE2 not in jpeg_segments(data)  # APP1 (EXIF), APP2 (ICC)
    assert Image.open(io.BytesIO(data)).size == (358, 441)


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


@pytest.fixture(params=[False, True], ids=["flag-off", "flag-on-as-weasyprint-sets-it"])
def truncated_images_flag(request, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", request.param)
    return request.param


def test_a_truncated_id_photo_is_refused_whatever_pillows_flag(truncated_images_flag):
    with pytest.raises(ValidationError) as refused:
        photos.checked_id_photo(upload("cut.jpg", truncated(id_photo())))
    assert refused.value.messages == [photos.ID_PHOTO_FORMAT_MESSAGE]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_a_truncated_picture_is_refused_by_the_image_rules_whatever_pillows_flag(truncated_images_flag, fmt):
    data = id_photo((200, 200), fmt=fmt)
    assert check_file(upload("whole.img", data), IMAGES).size == len(data)
    with pytest.raises(ValidationError):
        check_file(upload("cut.img", truncated(data)), IMAGES)


def test_weasyprint_does_set_the_flag_for_the_whole_process():
    import weasyprint  # noqa: F401

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_an_id_photo_bomb_is_refused_with_the_pixel_rule(no_decoding):
    with pytest.raises(ValidationError) as refused:
        photos.checked_id_photo(upload("bomb.jpg", jpeg_declaring(30000, 30000)))

    assert refused.value.messages == [photos.ID_PHOTO_PIXELS_MESSAGE]


# --- the form field ---------------------------------------------------------------------------------------


class AttachForm(forms.Form):
    files = MultipleFileField(label="附件", rule=ATTACHMENTS, required=False)


def bound(*files) -> AttachForm:
    return AttachForm(data={}, files=MultiValueDict({"files": list(files)}))


def test_the_field_renders_one_input_for_several_files():
    html = str(AttachForm()["files"])

    assert 'type="file"' in html and "multiple" in html
    assert 'accept="' in html and "application/pdf" in html


def test_the_field_gives_the_checked_files():
    form = bound(upload("合同.docx", docx()), upload("照片.jpg", id_photo()))

    assert form.is_valid()
    assert [item.mime for item in form.cleaned_data["files"]] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/jpeg",
    ]


def test_the_field_puts_the_refusals_beside_itself():
    form = bound(upload("病毒.pdf", EXE_BYTES))

    assert not form.is_valid()
    assert form.errors["files"] == ["文件“病毒.pdf”的格式不受支持，请上传图片、PDF 或 Office 文档。"]


def test_the_field_refuses_one_file_too_many():
    form = bound(*[upload(f"{n}.pdf", PDF_BYTES) for n in range(6)])

    assert not form.is_valid()
    assert form.errors["files"] == ["最多上传 5 个文件。"]


def test_an_optional_field_with_no_file_is_an_empty_list():
    form = bound()

    assert form.is_valid()
    assert form.cleaned_data["files"] == []


def test_a_required_field_with_no_file_is_refused():
    class Required(forms.Form):
        files = MultipleFileField(label="附件", rule=ATTACHMENTS)

    form = Required(data={}, files=MultiValueDict())
    assert not form.is_valid()
    assert "files" in form.errors


# --- attach and delete --------------------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return FirmFactory()


def test_attach_stores_under_a_random_name_keeping_the_original_for_display(owner, private_media):
    user = MemberUserFactory(firm=owner)

    first, second = services.attach(
        owner, [upload("合同.pdf", PDF_BYTES), upload("合同.pdf", PDF_BYTES)], ATTACHMENTS, by=user
    )

    assert first.file.name != second.file.name
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", first.file.name)
    assert first.file.name.endswith(f"{first.uuid.hex}.pdf")
    assert (first.original_name, first.mime_type, first.size) == ("合同.pdf", "application/pdf", len(PDF_BYTES))
    assert (first.owner, first.uploaded_by) == (owner, user)
    assert (private_media / first.file.name).read_bytes() == PDF_BYTES
    assert list(services.attachments_of(owner)) == [first, second]


def test_the_stored_extension_is_the_detected_types(owner, private_media):
    (attachment,) = services.attach(owner, [upload("合同.exe", docx())], ATTACHMENTS)

    assert attachment.file.name.endswith(".docx")
    assert attachment.download_name == "合同.docx"


def test_attach_refuses_the_whole_batch_when_one_file_breaks_the_rule(owner, private_media):
    with pytest.raises(ValidationError):
        services.attach(owner, [upload("a.pdf", PDF_BYTES), upload("b.pdf", HTML_BYTES)], ATTACHMENTS)

    assert not Attachment.objects.exists()
    assert not any(private_media.rglob("*.*"))


def test_attach_counts_the_owners_files_kept_from_before(owner, private_media):
    services.attach(owner, [upload(f"{n}.pdf", PDF_BYTES) for n in range(4)], ATTACHMENTS)

    with pytest.raises(ValidationError) as refused:
        services.attach(owner, [upload("5.pdf", PDF_BYTES), upload("6.pdf", PDF_BYTES)], ATTACHMENTS)

    assert refused.value.messages == ["最多上传 5 个文件。"]
    assert services.attachments_of(owner).count() == 4


def test_a_deleted_attachment_keeps_its_file_until_the_commit(owner, private_media, django_capture_on_commit_callbacks):
    (attachment,) = services.attach(owner, [upload("a.pdf", PDF_BYTES)], ATTACHMENTS)
    path = private_media / attachment.file.name

    with django_capture_on_commit_callbacks() as callbacks:
        services.delete_attachment(attachment)
        assert path.is_file()

    assert not Attachment.objects.exists()
    assert path.is_file()
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_a_rolled_back_deletion_keeps_the_row_and_the_file(owner, private_media, django_capture_on_commit_callbacks):
    (attachment,) = services.attach(owner, [upload("a.pdf", PDF_BYTES)], ATTACHMENTS)
    pk, path = attachment.pk, private_media / attachment.file.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.delete_attachment(attachment)
        raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert Attachment.objects.filter(pk=pk).exists()
    assert path.is_file()


def test_replacing_swaps_the_rows_now_and_the_old_files_after_commit(
    owner, private_media, django_capture_on_commit_callbacks
):
    old = services.attach(owner, [upload(f"{n}.pdf", PDF_BYTES) for n in range(5)], ATTACHMENTS)

    with django_capture_on_commit_callbacks(execute=True):
        (new,) = services.replace_attachments(owner, [upload("新.docx", docx())], ATTACHMENTS)

    assert list(services.attachments_of(owner)) == [new]
    assert not any((private_media / item.file.name).exists() for item in old)
    assert (private_media / new.file.name).is_file()


# --- serving ------------------------------------------------------------------------------------------------


@pytest.fixture
def firm_access():
    """Attachments of a firm are seen by the firm's own account only."""
    register_attachment_access(Firm, lambda user, firm: user.firm_id == firm.pk)
    yield
    unregister_attachment_access(Firm)


def member_client(**member) -> Client:
    client = Client()
    client.force_login(MemberUserFactory(**member), backend=MEMBER_BACKEND)
    return client


def served(response) -> bytes:
    return body(response)


def stored(owner, name: str, data: bytes) -> Attachment:
    (attachment,) = services.attach(owner, [upload(name, data)], ATTACHMENTS)
    return attachment


def test_the_owner_gets_a_pdf_inline_with_private_headers(owner, private_media, firm_access):
    attachment = stored(owner, "合同 v2.pdf", PDF_BYTES)

    response = member_client(firm=owner).get(attachment.get_absolute_url())

    assert attachment.get_absolute_url() == f"/files/{attachment.uuid}/"
    assert response.status_code == 200
    assert served(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''" + quote("合同 v2.pdf", safe="")


def test_a_picture_is_shown_inline(owner, private_media, firm_access):
    attachment = stored(owner, "照片.png", id_photo(fmt="PNG"))

    response = member_client(firm=owner).get(attachment.get_absolute_url())

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    served(response)


def test_an_office_document_is_downloaded_never_shown(owner, private_media, firm_access):
    attachment = stored(owner, "合同.docx", docx())

    response = member_client(firm=owner).get(attachment.get_absolute_url())

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%90%88%E5%90%8C.docx"
    assert response["X-Content-Type-Options"] == "nosniff"
    served(response)


def test_html_ish_content_is_never_served_inline(owner, private_media, firm_access):
    # A row that claims a type the rules never give (data from elsewhere, a bug): downloaded as bytes.
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(Firm),
        object_id=owner.pk,
        original_name="页面.html",
        mime_type="text/html",
        size=len(HTML_BYTES),
    )
    attachment.file.save("upload.html", ContentFile(HTML_BYTES), save=False)
    attachment.save()

    response = member_client(firm=owner).get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    served(response)


def test_another_member_gets_not_found(owner, private_media, firm_access):
    attachment = stored(owner, "合同.pdf", PDF_BYTES)

    assert member_client(firm=FirmFactory()).get(attachment.get_absolute_url()).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(owner, private_media, firm_access):
    attachment = stored(owner, "合同.pdf", PDF_BYTES)

    response = Client().get(attachment.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/member/login/")


def test_an_unknown_uuid_is_not_found(owner, private_media, firm_access):
    response = member_client(firm=owner).get(reverse("attachment", args=["00000000-0000-4000-8000-000000000000"]))

    assert response.status_code == 404


def test_an_owner_model_without_a_registered_check_is_not_found(owner, private_media):
    attachment = stored(owner, "合同.pdf", PDF_BYTES)

    assert member_client(firm=owner).get(attachment.get_absolute_url()).status_code == 404


def test_a_file_gone_from_the_storage_is_not_found(owner, private_media, firm_access):
    attachment = stored(owner, "合同.pdf", PDF_BYTES)
    (private_media / attachment.file.name).unlink()

    assert member_client(firm=owner).get(attachment.get_absolute_url()).status_code == 404


def test_only_get_and_head_are_served(owner, private_media, firm_access):
    attachment = stored(owner, "合同.pdf", PDF_BYTES)

    assert member_client(firm=owner).post(attachment.get_absolute_url()).status_code == 405
