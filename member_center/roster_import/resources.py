"""The columns of each kind of roster file, by the Chinese headings the justice bureau uses, as
django-import-export Resources: a Field per column (its heading and the widget reading a cell),
tablib to read CSV / XLSX, and the same Resources write the downloadable templates.

A widget turns a cell into a value or raises ValueError with the Chinese reason staff see beside
the line number. An empty cell means "not given": it never clears what the roster holds."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets

from member_center.models import (
    DisciplineKind,
    FirmRole,
    Gender,
    MemberKind,
    PracticeType,
    RosterStatus,
    validate_mobile,
)

from .models import ImportKind

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def text(value) -> str:
    """A cell as text: Excel gives numbers typed into a cell as int or float (17 digits as 1.44e16)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class Text(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return text(value)


class Number(Text):
    """A licence or ID number: Excel keeps only 15 significant digits of a cell formatted as a
    number, so a longer one read as a number is no longer the number typed."""

    def __init__(self, heading):
        super().__init__()
        self.heading = heading

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and len(text(value)) > 15:
            raise ValueError(
                f"{self.heading}在 Excel 中存为数字，超过 15 位已失真（“{text(value)}”），请将该列设为文本后重新填写"
            )
        return super().clean(value, row, **kwargs)


class Choice(widgets.Widget):
    """A cell holding one of the labels (执业 / 已注销, 专职 …); `aliases` adds other spellings."""

    def __init__(self, choices, heading, aliases=None):
        super().__init__()
        self.by_label = {str(label): value for value, label in choices}
        self.by_label.update(aliases or {})
        self.heading = heading

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return ""
        if value not in self.by_label:
            raise ValueError(f"{self.heading}“{value}”无法识别（应为{'、'.join(self.by_label)}）")
        return self.by_label[value]


class Date(widgets.DateWidget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def __init__(self, heading):
        super().__init__()
        self.heading = heading

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        value = text(value)
        if not value:
            return None
        for fmt in self.FORMATS:
            try:
                date = datetime.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            if datetime.date(1900, 1, 1) <= date <= datetime.date.today() + datetime.timedelta(days=366):
                return date
        raise ValueError(f"{self.heading}日期格式错误（“{value}”，应写成 2026-03-15）")


class IdNumber(Number):
    """An 18-character mainland ID number (GB 11643), its check character verified."""

    def __init__(self):
        super().__init__("身份证号")

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs).upper()
        if not value:
            return ""
        if not re.fullmatch(r"\d{17}[\dX]", value):
            raise ValueError(f"身份证号格式错误（“{value}”，应为 18 位）")
        check = _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
        if value[17] != check:
            raise ValueError(f"身份证号校验位错误（“{value}”）")
        return value


class Mobile(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if value:
            try:
                validate_mobile(value)
            except ValidationError:
                raise ValueError(f"手机号码格式错误（“{value}”，应为 11 位手机号码）") from None
        return value


class Email(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError(f"电子邮箱格式错误（“{value}”）") from None
        return value


class CreditCode(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value).upper()
        if value and not re.fullmatch(r"[0-9A-Z]{18}", value):
            raise ValueError(f"统一社会信用代码格式错误（“{value}”，应为 18 位）")
        return value


def column(attribute, heading, widget=None):
    return fields.Field(attribute=attribute, column_name=heading, widget=widget or Text())


class RosterResource(resources.Resource):
    """A kind's columns. `required`: headings the file must have; `keys`: the columns naming the
    roster row (one of them must be filled on each line)."""

    kind: str
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()  # at least one of these headings must be there

    @classmethod
    def headings(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def missing_columns(self, headers) -> list[str]:
        present = set(headers)
        missing = [heading for heading in self.required if heading not in present]
        if self.one_of and not present & set(self.one_of):
            missing.append("或".join(self.one_of))
        return missing

    def read_row(self, row: dict) -> tuple[dict, list[str]]:
        """The values of the columns the file has (attribute -> value) and the reasons a cell is wrong."""
        values, reasons = {}, []
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                values[field.attribute] = field.clean(row)
            except ValueError as error:
                reasons.append(str(error))
        return values, reasons


PERSON_KINDS = {"执业律师": MemberKind.LAWYER, "律师": MemberKind.LAWYER, "实习人员": MemberKind.TRAINEE}
FIRM_KINDS = [(k.value, k.label) for k in (MemberKind.LAW_FIRM, MemberKind.COMPANY_OFFICE, MemberKind.PUBLIC_OFFICE)]
STATUS_ALIASES = {"注销": RosterStatus.CANCELLED, "正常": RosterStatus.PRACTISING}


class LawyerResource(RosterResource):
    kind = ImportKind.LAWYERS
    required = ("执业证号", "姓名", "身份证号")

    licence_no = column("licence_no", "执业证号", Number("执业证号"))
    name = column("name", "姓名")
    gender = column("gender", "性别", Choice(Gender.choices, "性别"))
    id_number = column("id_number", "身份证号", IdNumber())
    firm = column("firm", "执业机构", Number("执业机构"))
    practice_type = column("practice_type", "执业类别", Choice(PracticeType.choices, "执业类别"))
    firm_role = column("firm_role", "所内身份", Choice(FirmRole.choices, "所内身份"))
    authority = column("authority", "主管机关")
    first_licensed_on = column("first_licensed_on", "首次执业时间", Date("首次执业时间"))
    mobile = column("mobile", "手机号码", Mobile())
    email = column("email", "电子邮箱", Email())
    member_no = column("member_no", "会员编号")
    kind_ = column("kind", "人员类别", Choice([], "人员类别", PERSON_KINDS))
    status = column("status", "状态", Choice(RosterStatus.choices, "状态", STATUS_ALIASES))
    cancelled_on = column("cancelled_on", "注销日期", Date("注销日期"))


class FirmResource(RosterResource):
    kind = ImportKind.FIRMS
    required = ("律师事务所名称",)
    one_of = ("执业许可证号", "会员编号")

    name = column("name", "律师事务所名称")
    licence_no = column("licence_no", "执业许可证号", Number("执业许可证号"))
    credit_code = column("credit_code", "统一社会信用代码", CreditCode())
    kind_ = column("kind", "会员类别", Choice(FIRM_KINDS, "会员类别"))
    office_address = column("office_address", "办公地址")
    phone = column("phone", "联系电话")
    mobile = column("mobile", "手机号码", Mobile())
    email = column("email", "电子邮箱", Email())
    founded_on = column("founded_on", "律所批准日期", Date("律所批准日期"))
    member_no = column("member_no", "会员编号")
    status = column("status", "状态", Choice(RosterStatus.choices, "状态", STATUS_ALIASES))


class DisciplineResource(RosterResource):
    kind = ImportKind.DISCIPLINE
    required = ("处分种类", "处分决定日期")
    one_of = ("执业证号", "执业许可证号")

    lawyer = column("lawyer", "执业证号", Number("执业证号"))
    firm = column("firm", "执业许可证号", Number("执业许可证号"))
    kind_ = column("kind", "处分种类", Choice(DisciplineKind.choices, "处分种类"))
    decided_on = column("decided_on", "处分决定日期", Date("处分决定日期"))
    summary = column("summary", "处分摘要")


RESOURCES = {resource.kind: resource for resource in (LawyerResource, FirmResource, DisciplineResource)}
