"""The six steps of 基本信息 (manual 002 §3.2.1): written once, read by the wizard's forms and
views, the 登记表, and the completeness check before submission."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BasicStep:
    key: str
    label: str  # the step's name in the progress bar
    hint: str  # the line under it
    fields: tuple[str, ...] = ()  # the Profile fields this step edits
    required: tuple[str, ...] = ()  # what must be filled before 确认补全

    @property
    def number(self) -> int:
        return BASIC_STEPS.index(self) + 1


BASIC_STEPS: list[BasicStep] = [
    BasicStep("practice", "执业信息", "确认执业信息是否正确"),
    BasicStep("photo", "设置照片", "上传本人近期证件照", fields=("photo",), required=("photo",)),
    BasicStep(
        "basic",
        "基本信息",
        "完善个人基本信息",
        fields=(
            "id_type", "id_document_no", "former_name", "birth_date", "residency", "marital_status",
            "work_started_on", "joined_firm_on", "ethnicity", "native_place", "hukou_place", "hukou_address",
            "political_status", "party_organisation", "archive_place", "archive_keeper", "archive_no",
            "social_security_no",
        ),
        required=(
            "id_type", "id_document_no", "birth_date", "residency", "marital_status", "work_started_on",
            "joined_firm_on", "ethnicity", "native_place", "political_status", "social_security_no",
        ),
    ),
    BasicStep(
        "practice_detail",
        "执业情况",
        "完善个人执业信息",
        fields=(
            "first_practised_on", "first_practice_place", "qualification_kind", "qualification_method",
            "qualification_no", "qualified_on", "title", "title_obtained_on", "title_issuer", "work_languages",
            "practice_areas",
        ),
        required=("first_practised_on", "qualification_kind", "qualification_no", "qualified_on", "practice_areas"),
    ),
    BasicStep(
        "contact",
        "联系方式",
        "设置联系方式，验证手机号码和电子邮箱",
        fields=(
            "mobile", "address", "postcode", "phone", "email", "fax", "wechat", "qq", "emergency_contact",
            "emergency_phone", "website",
        ),
        required=("mobile", "address", "postcode", "phone", "email", "emergency_contact", "emergency_phone"),
    ),
    BasicStep("confirm", "确认信息", "确认信息无误后，完成基本信息补全"),
]  # fmt: skip

STEPS_BY_KEY = {step.key: step for step in BASIC_STEPS}

# 修改基本信息 (manual §3.3.1, 个人档案变更): exactly the fields the manual's form shows, in its
# order. Everything else (证件, 籍贯, 资格证, 执业范围, 微信…) changes through a ticket, as its note says.
CHANGEABLE_FIELDS: tuple[str, ...] = (
    "political_status", "former_name", "marital_status", "residency", "work_started_on", "joined_firm_on",
    "archive_place", "archive_keeper", "archive_no", "social_security_no", "email", "mobile", "address",
    "postcode", "phone", "qq", "emergency_contact", "emergency_phone",
)  # fmt: skip

# How 个人档案变更 names two of them (the wizard calls them 参加工作时间 and 紧急联系人电话).
CHANGE_BASIC_LABELS = {"work_started_on": "开始工作时间", "emergency_phone": "手机号码"}

# 修改基本信息 (manual §3.3.1): the fields the manual marks ★.
CHANGE_BASIC_REQUIRED: tuple[str, ...] = (
    "political_status", "marital_status", "residency", "work_started_on", "joined_firm_on", "social_security_no",
    "email", "mobile", "address", "postcode", "phone", "emergency_contact", "emergency_phone",
)  # fmt: skip
