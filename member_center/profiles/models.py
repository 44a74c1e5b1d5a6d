"""A lawyer's profile (律师档案, manual 002 §3): the basic information of the 6-step wizard,
the twelve sections, the review state and, after approval, the change log (近期变更).

Every field is optional in the database: a profile is a draft while the lawyer fills it in, and
what is required is decided by the forms and by `services.missing_items` before submission."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from member_center.models import Lawyer
from portal.storage import private_storage

from . import choices as c


class ProfileState(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "审核中"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


def profile_photo_path(instance, filename):
    # A new name per upload: a replaced photo never lingers in a browser's or proxy's cache.
    return f"profiles/{instance.lawyer_id}/photo-{uuid.uuid4().hex[:12]}.jpg"


class Profile(models.Model):
    lawyer = models.OneToOneField(Lawyer, verbose_name="律师", on_delete=models.CASCADE, related_name="profile")
    state = models.CharField("审核状态", max_length=20, choices=ProfileState.choices, default=ProfileState.DRAFT)
    review_opinion = models.TextField("审核意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_once = models.BooleanField("曾审核通过", default=False, help_text="通过后修改走信息变更，并记入近期变更。")
    basic_confirmed_at = models.DateTimeField(
        "基本信息确认时间", null=True, blank=True, help_text="第 6 步“确认补全”的时间；之后修改基本信息须重新确认。"
    )
    declared_none = models.JSONField("已填报为无", default=list, blank=True)

    # 2 设置照片
    photo = models.FileField("证件照片", storage=private_storage, upload_to=profile_photo_path, blank=True)

    # 3 基本信息
    id_type = models.CharField("证件类别", max_length=20, choices=c.IdType.choices, default=c.IdType.ID_CARD)
    id_document_no = models.CharField("证件号码", max_length=30, blank=True)
    former_name = models.CharField("曾用名", max_length=50, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    residency = models.CharField("居民身份", max_length=20, choices=c.Residency.choices, default=c.Residency.MAINLAND)
    marital_status = models.CharField("婚姻情况", max_length=10, choices=c.MaritalStatus.choices, blank=True)
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    joined_firm_on = models.DateField("入职时间", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, choices=c.as_choices(c.ETHNICITIES), default="汉族")
    native_place = models.CharField("籍贯", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    hukou_place = models.CharField("户口所在地", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    hukou_address = models.CharField("户口地址", max_length=200, blank=True)
    political_status = models.JSONField("政治面貌", default=list, blank=True)
    party_organisation = models.CharField("党组织名称", max_length=100, blank=True)
    archive_place = models.CharField("档案存放地", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    archive_keeper = models.CharField("档案存放机关", max_length=100, blank=True)
    archive_no = models.CharField("档案编号", max_length=50, blank=True)
    social_security_no = models.CharField("社会保险号", max_length=30, blank=True)

    # 4 执业情况
    first_practised_on = models.DateField("首次执业时间", null=True, blank=True)
    first_practice_place = models.CharField("首次执业地", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    qualification_kind = models.CharField("资格证类别", max_length=20, choices=c.QualificationKind.choices, blank=True)
    qualification_method = models.CharField(
        "资格证取得方式", max_length=20, choices=c.QualificationMethod.choices, blank=True
    )
    qualification_no = models.CharField("资格证号", max_length=30, blank=True)
    qualified_on = models.DateField("取得资格日期", null=True, blank=True)
    title = models.CharField("律师职称", max_length=10, choices=c.LawyerTitle.choices, blank=True)
    title_obtained_on = models.DateField("获得时间", null=True, blank=True)
    title_issuer = models.CharField("颁发机构", max_length=100, blank=True)
    work_languages = models.CharField("工作语言", max_length=100, blank=True)
    practice_areas = models.JSONField("执业范围", default=list, blank=True)

    # 5 联系方式 (手机号码 and 电子邮箱 are the account's: see ACCOUNT_FIELDS below)
    address = models.CharField("联系地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    fax = models.CharField("传真号码", max_length=30, blank=True)
    wechat = models.CharField("微信号码", max_length=30, blank=True)
    qq = models.CharField("QQ号码", max_length=12, blank=True)
    emergency_contact = models.CharField("紧急联系人", max_length=50, blank=True)
    emergency_phone = models.CharField("紧急联系人电话", max_length=30, blank=True)
    website = models.URLField("个人网站", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "律师档案"
        verbose_name_plural = "律师档案"
        permissions = [("review_profile", "审核律师档案")]
        indexes = [models.Index(fields=["state", "-submitted_at"], name="profile_queue_idx")]

    def __str__(self):
        return f"{self.lawyer.name}的档案"

    # 手机号码 and 电子邮箱 of 联系方式 are one value with 账户信息's (User.mobile, User.email): read
    # and written on the lawyer's account, so the profile, 账户信息 and where each 消息 is mailed
    # never disagree. A lawyer who has never logged in has no account, and no contact here yet.
    ACCOUNT_FIELDS = {"mobile": "手机号码", "email": "电子邮箱"}

    @classmethod
    def field_label(cls, name: str) -> str:
        return cls.ACCOUNT_FIELDS.get(name) or str(cls._meta.get_field(name).verbose_name)

    @property
    def account(self):
        return getattr(self.lawyer, "account", None)

    def _account_value(self, name: str) -> str:
        account = self.account
        return getattr(account, name) if account is not None else ""

    def _set_account_value(self, name: str, value: str) -> None:
        if self.account is None:
            raise ValueError("该律师尚未开通账号，不能保存手机号码和电子邮箱。")
        setattr(self.account, name, value or "")

    mobile = property(lambda self: self._account_value("mobile"), lambda self, v: self._set_account_value("mobile", v))
    email = property(lambda self: self._account_value("email"), lambda self, v: self._set_account_value("email", v))

    @property
    def highest_education(self) -> str:
        """学历 comes from 教育经历 (manual §3.2.1.3), never typed in: the highest level found."""
        order = list(c.EducationLevel.values)
        levels = [entry.education_level for entry in self.education_entries.all()]
        return min(levels, key=order.index) if levels else ""

    @property
    def highest_degree(self) -> str:
        order = list(c.Degree.values)
        degrees = [entry.degree for entry in self.education_entries.all()]
        return min(degrees, key=order.index) if degrees else ""

    def get_photo_url(self):
        return reverse("profiles:photo") if self.photo else ""


# --- the twelve sections --------------------------------------------------------------------


class SectionEntry(models.Model):
    """One row of a section. Subclasses set `section_key`, the registry in sections.py reads it."""

    section_key = ""
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @classmethod
    def defaults_for(cls, profile) -> dict:
        """What a new entry starts with on the form, and what an empty field is filled with on save."""
        return {}

    def clean(self):
        start, end = getattr(self, "start_on", None), getattr(self, "end_on", None)
        if start and end and end < start:
            raise ValidationError({"end_on": "结束日期不能早于开始日期。"})


class Education(SectionEntry):
    section_key = "education"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="education_entries")
    country = models.CharField("所在国家", max_length=10, choices=c.Country.choices)
    region = models.CharField("所在地区", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)
    school = models.CharField("毕业院校", max_length=100, help_text="请输入毕业院校全称，须与毕业证书一致")
    major = models.CharField("主修专业", max_length=100, blank=True)
    education_level = models.CharField("获得学历", max_length=20, choices=c.EducationLevel.choices)
    degree = models.CharField("获得学位", max_length=10, choices=c.Degree.choices)
    full_time = models.BooleanField("全日制", default=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "教育经历"
        verbose_name_plural = "教育经历"

    def __str__(self):
        return f"{self.school} {self.education_level}"


class WorkExperience(SectionEntry):
    section_key = "work"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="work_entries")
    country = models.CharField("所在国家", max_length=10, choices=c.Country.choices)
    region = models.CharField("所在地区", max_length=20, choices=c.as_choices(c.PROVINCES), blank=True)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True, help_text="至今可不填")
    employer = models.CharField("工作单位", max_length=100)
    position = models.CharField("工作职务", max_length=50, blank=True)
    kind = models.CharField("工作类别", max_length=10, choices=c.WorkKind.choices)

    class Meta(SectionEntry.Meta):
        verbose_name = "工作经历"
        verbose_name_plural = "工作经历"

    def __str__(self):
        return self.employer


class FamilyMember(SectionEntry):
    section_key = "family"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="family_entries")
    relation = models.CharField("称谓", max_length=10, choices=c.Relation.choices)
    name = models.CharField("姓名", max_length=50)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=c.as_choices(c.POLITICAL_STATUSES), blank=True
    )
    employer = models.CharField("工作单位", max_length=100, blank=True)
    position = models.CharField("职务", max_length=50, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"

    def __str__(self):
        return f"{self.relation} {self.name}"


class Award(SectionEntry):
    section_key = "award"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="award_entries")
    level = models.CharField("获奖级别", max_length=10, choices=c.Level.choices)
    content = models.CharField("获奖内容", max_length=200)
    # Manual §3.3's change log ("所属人员:沈璐"): whose award it is, the lawyer himself unless a
    # collective award names others too.
    awardees = models.CharField(
        "所属人员", max_length=200, blank=True, help_text="默认为本人；集体获奖请填写全部获奖人员，以“、”分隔"
    )
    awarded_on = models.DateField("颁奖日期")
    issuer = models.CharField("颁发机构", max_length=100)

    class Meta(SectionEntry.Meta):
        verbose_name = "获奖情况"
        verbose_name_plural = "获奖情况"

    def __str__(self):
        return self.content

    @classmethod
    def defaults_for(cls, profile) -> dict:
        return {"awardees": profile.lawyer.name}


class Penalty(SectionEntry):
    section_key = "penalty"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="penalty_entries")
    kind = models.CharField("惩罚类别", max_length=10, choices=c.PenaltyKind.choices)
    content = models.CharField("惩罚内容", max_length=200)
    decided_on = models.DateField("处罚日期")
    authority = models.CharField("处罚机关", max_length=100)

    class Meta(SectionEntry.Meta):
        verbose_name = "惩罚情况"
        verbose_name_plural = "惩罚情况"

    def __str__(self):
        return self.content


class SideRole(SectionEntry):
    section_key = "side_role"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="side_role_entries")
    organisation = models.CharField("兼职单位", max_length=100)
    position = models.CharField("兼职职务", max_length=50)
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "社会兼职"
        verbose_name_plural = "社会兼职"

    def __str__(self):
        return f"{self.organisation} {self.position}"


class PoliticalRole(SectionEntry):
    section_key = "political"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="political_entries")
    kind = models.CharField("类别", max_length=10, choices=c.PoliticalRoleKind.choices)
    level = models.CharField("级别", max_length=10, choices=c.Level.choices)
    term = models.CharField("届次", max_length=30, blank=True, help_text="如：第十五届")
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "参政议政"
        verbose_name_plural = "参政议政"

    def __str__(self):
        return f"{self.level}{self.kind}"


class PublicService(SectionEntry):
    section_key = "public_service"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="public_service_entries")
    name = models.CharField("公益项目", max_length=100)
    organisation = models.CharField("组织单位", max_length=100, blank=True)
    content = models.CharField("服务内容", max_length=200, blank=True)
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "社会公益"
        verbose_name_plural = "社会公益"

    def __str__(self):
        return self.name


class AssociationRole(SectionEntry):
    section_key = "association"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="association_entries")
    association = models.CharField("协会名称", max_length=100)
    position = models.CharField("任职职务", max_length=50)
    committee = models.CharField("专门委员会", max_length=100, blank=True)
    start_on = models.DateField("开始日期", null=True, blank=True)
    end_on = models.DateField("结束日期", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "协会任职"
        verbose_name_plural = "协会任职"

    def __str__(self):
        return f"{self.association} {self.position}"


class Skill(SectionEntry):
    section_key = "skill"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skill_entries")
    name = models.CharField("技能名称", max_length=100)
    proficiency = models.CharField("熟练程度", max_length=10, choices=c.Proficiency.choices)
    certificate = models.CharField("相关证书", max_length=100, blank=True)
    obtained_on = models.DateField("取得日期", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "专业技能"
        verbose_name_plural = "专业技能"

    def __str__(self):
        return self.name


class LanguageSkill(SectionEntry):
    section_key = "language"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="language_entries")
    language = models.CharField("语种", max_length=30)
    proficiency = models.CharField("掌握程度", max_length=10, choices=c.Proficiency.choices)
    certificate = models.CharField("等级证书", max_length=100, blank=True)

    class Meta(SectionEntry.Meta):
        verbose_name = "语言能力"
        verbose_name_plural = "语言能力"

    def __str__(self):
        return f"{self.language}（{self.proficiency}）"


class Publication(SectionEntry):
    section_key = "publication"
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="publication_entries")
    title = models.CharField("著作名称", max_length=200)
    kind = models.CharField("著作类别", max_length=10, choices=c.PublicationKind.choices)
    publisher = models.CharField("出版单位或刊物", max_length=100)
    published_on = models.DateField("出版日期", null=True, blank=True)
    role = models.CharField("本人角色", max_length=30, blank=True, help_text="如：独著、主编、第一作者")

    class Meta(SectionEntry.Meta):
        verbose_name = "出版著作"
        verbose_name_plural = "出版著作"

    def __str__(self):
        return self.title


# --- 近期变更 ----------------------------------------------------------------------------------


class ChangeState(models.TextChoices):
    PENDING = "pending", "待处理"
    PROCESSED = "processed", "已处理"


class ProfileChange(models.Model):
    """One change made after approval (信息变更), in words, e.g. "律师,修改 手机号码: a->b".

    Changes take effect at once; staff acknowledge them (待处理 → 已处理), e.g. after updating
    the paper file or the justice bureau's records."""

    profile = models.ForeignKey(Profile, verbose_name="律师档案", on_delete=models.CASCADE, related_name="changes")
    subject = models.CharField("变更项目", max_length=20)
    action = models.CharField("操作", max_length=10)
    summary = models.TextField("变更内容")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="变更人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("变更时间", auto_now_add=True)
    state = models.CharField("状态", max_length=20, choices=ChangeState.choices, default=ChangeState.PENDING)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    processed_at = models.DateTimeField("处理时间", null=True, blank=True)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "档案变更"
        verbose_name_plural = "档案变更"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="profile_change_queue_idx"),
            # The 档案变更 listing's default order: without it every view sorts the whole log.
            models.Index(fields=["-created_at", "-id"], name="profile_change_recent_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.subject},{self.action}{self.summary}"
