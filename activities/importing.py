"""Reading an import of 培训记录 (online courses from another platform): a CSV (UTF-8 or GBK, as
Excel saves it) or an XLSX whose first row names the columns. Every row is checked before
anything is saved; `read` returns the good rows, ready for services.import_training_rows, and
the errors by row number as a spreadsheet shows it (the heading is row 1)."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from member_center.models import Lawyer
from portal.dates import PlausibleDate

from .models import TrainingType

COLUMNS = {
    "licence_no": "执业证号",
    "name": "姓名",
    "course": "课程名称",
    "date": "培训日期",
    "training_type": "培训类型",
    "hours": "学时",
    "provider": "培训机构",
}
REQUIRED = ("licence_no", "course", "date", "hours")
TYPES = {"现场": TrainingType.ON_SITE, "线上": TrainingType.ONLINE, "线下": TrainingType.ON_SITE}
MAX_ROWS = 20000
MAX_HOURS = Decimal("100")


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # checked rows: dicts for import_training_rows
    errors: list = field(default_factory=list)  # (row number, message)
    preview: list = field(default_factory=list)  # (row number, name, course, date, type label, hours, provider)


def _table(upload) -> list[list[str]]:
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from error
        return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return list(csv.reader(io.StringIO(text)))
        raise ValueError("无法识别该 CSV 文件的编码，请另存为 UTF-8 编码。")
    raise ValueError("请上传 .xlsx 或 .csv 文件。")


def _date(value) -> datetime.date:
    date = _parse_date(value)
    try:
        PlausibleDate()(date)
    except ValidationError as error:
        raise ValueError(f"培训日期“{value}”：{error.messages[0]}") from error
    return date


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"培训日期“{value}”无法识别，请写成 2026-03-15。")


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"学时“{value}”不是数字。") from None
    if hours <= 0 or hours > MAX_HOURS:
        raise ValueError(f"学时“{value}”须大于 0 且不超过 {MAX_HOURS}。")
    return hours.quantize(Decimal("0.1"))


def read(upload, default_provider: str = "") -> ImportResult:
    """Check every row of the upload. Raises ValueError when the file itself cannot be read."""
    table = [row for row in _table(upload) if any(str(cell).strip() for cell in row)]
    if not table:
        raise ValueError("文件中没有内容。")
    heading = [str(cell).strip() for cell in table[0]]
    index = {key: heading.index(label) for key, label in COLUMNS.items() if label in heading}
    missing = [COLUMNS[key] for key in REQUIRED if key not in index]
    if missing:
        raise ValueError(f"第 1 行缺少列：{'、'.join(missing)}（应有 {'、'.join(COLUMNS.values())}）。")
    body = table[1:]
    if len(body) > MAX_ROWS:
        raise ValueError(f"一次最多导入 {MAX_ROWS} 行。")

    def cell(row, key):
        position = index.get(key)
        return row[position] if position is not None and position < len(row) else ""

    licences = {str(cell(row, "licence_no")).strip() for row in body}
    lawyers = {lawyer.licence_no: lawyer for lawyer in Lawyer.objects.filter(licence_no__in=licences)}
    result = ImportResult()
    for number, row in enumerate(body, start=2):
        try:
            licence = str(cell(row, "licence_no")).strip()
            lawyer = lawyers.get(licence)
            if lawyer is None:
                raise ValueError(f"执业证号“{licence}”不在会员名册中。")
            name = str(cell(row, "name")).strip()
            if name and name != lawyer.name:
                raise ValueError(f"姓名“{name}”与执业证号登记的“{lawyer.name}”不一致。")
            course = str(cell(row, "course")).strip()
            if not course:
                raise ValueError("课程名称为空。")
            kind_text = str(cell(row, "training_type")).strip() or "线上"
            if kind_text not in TYPES:
                raise ValueError(f"培训类型“{kind_text}”应为“现场”或“线上”。")
            date, hours = _date(cell(row, "date")), _hours(cell(row, "hours"))
        except ValueError as error:
            result.errors.append((number, str(error)))
            continue
        provider = str(cell(row, "provider")).strip()[:100] or default_provider
        kind = TYPES[kind_text]
        result.rows.append(
            {
                "lawyer_id": lawyer.pk,
                "course": course[:200],
                "date": date.isoformat(),
                "training_type": kind,
                "hours": str(hours),
                "provider": provider,
            }
        )
        result.preview.append((number, lawyer.name, course, date, TrainingType(kind).label, hours, provider))
    return result
