from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from member_center.member_chooser import MemberNumbersWidget, split_numbers
from member_center.models import Firm, Lawyer, PracticeType
from portal import pagecache
from portal.dates import PlausibleDate
from portal.pages import PortalPage, public
from portal.uploads.models import Attachment

PAGE_SIZE = 10


class ArticlePage(PortalPage):
    """A dated article with attachments: what news and notices have in common."""

    date = models.DateField("发布日期", default=timezone.localdate, validators=[PlausibleDate()])
    summary = models.TextField("摘要", blank=True, max_length=300)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)
    attachments = StreamField([("document", DocumentChooserBlock(label="附件"))], verbose_name="附件", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True


class ArticleIndexPage(PortalPage):
    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    article_model = None

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A page of the listing (a count and its rows) changes only with a publish, unpublish, move
        # or save, which give the page cache a new version: each process keeps the ones it showed.
        number = request.GET.get("page")
        context["articles"] = pagecache.kept_each(
            request, "article-listing", (self.pk, number), lambda: self._listing(number)
        )
        return context

    def _listing(self, number):
        articles = public(self.article_model.objects.child_of(self).live()).order_by("-date", "-pk")
        listing = Paginator(articles, PAGE_SIZE).get_page(number)
        listing.object_list = list(listing.object_list)
        return listing


class NewsPage(ArticlePage):
    parent_page_types = ["notices.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "新闻"


class NewsIndexPage(ArticleIndexPage):
    article_model = NewsPage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["notices.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "新闻列表"


class NoticePage(ArticlePage):
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "通知公告"


class NoticeIndexPage(ArticleIndexPage):
    article_model = NoticePage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["notices.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "通知公告列表"


# --- 公文 (manual 002 §4.3): official documents circulated to members ----------------------------


class Secrecy(models.TextChoices):
    NORMAL = "normal", "普通"
    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"
    TOP_SECRET = "top_secret", "绝密"


class DocumentState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class OfficialDocument(ClusterableModel):
    """A 公文 as staff write it. What members read is the published `DocumentVersion`: staff may
    edit the draft fields after publishing, and an 更正 publishes them as the next version."""

    number = models.CharField("公文编号", max_length=50)
    received_on = models.DateField("收文日期", default=timezone.localdate, validators=[PlausibleDate()])
    issuer = models.CharField("来文单位", max_length=100)
    issued_on = models.DateField("发文日期", default=timezone.localdate, validators=[PlausibleDate()])
    secrecy = models.CharField("保密等级", max_length=20, choices=Secrecy.choices, default=Secrecy.NORMAL)
    title = models.CharField("公文标题", max_length=200)
    keywords = models.CharField("主题词", max_length=200, blank=True)
    body = RichTextField("正文", blank=True)
    state = models.CharField("状态", max_length=20, choices=DocumentState.choices, default=DocumentState.DRAFT)
    version = models.PositiveIntegerField("版本", default=0)
    current = models.ForeignKey(
        "notices.DocumentVersion", verbose_name="当前版本", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    recipient_count = models.PositiveIntegerField("传阅人数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation(Attachment, related_query_name="official_document")

    panels = [
        FieldPanel("number"),
        FieldPanel("received_on"),
        FieldPanel("issuer"),
        FieldPanel("issued_on"),
        FieldPanel("secrecy"),
        FieldPanel("title"),
        FieldPanel("keywords"),
        FieldPanel("body"),
        InlinePanel("circles", label="传阅给", heading="传阅给"),
    ]

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        ordering = ["-created_at", "-pk"]
        permissions = [("publish_officialdocument", "发布公文")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_classified(self) -> bool:
        return self.secrecy != Secrecy.NORMAL


class DocumentVersion(models.Model):
    """What one publication said, kept for the history (发布 is version 1, each 更正 the next)."""

    document = models.ForeignKey(
        OfficialDocument, verbose_name="公文", on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField("版本")
    number = models.CharField("公文编号", max_length=50)
    received_on = models.DateField("收文日期")
    issuer = models.CharField("来文单位", max_length=100)
    issued_on = models.DateField("发文日期")
    secrecy = models.CharField("保密等级", max_length=20, choices=Secrecy.choices)
    title = models.CharField("公文标题", max_length=200)
    keywords = models.CharField("主题词", max_length=200, blank=True)
    body = RichTextField("正文", blank=True)
    note = models.CharField("更正说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The files this version was published with. They are the document's own (Attachment's
    # owner), so a later 更正 that leaves one out keeps it for this version's readers.
    attachments = models.ManyToManyField(Attachment, verbose_name="附件", blank=True, related_name="document_versions")

    class Meta:
        verbose_name = "公文版本"
        verbose_name_plural = "公文版本"
        ordering = ["document", "version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="document_version_once")]

    def __str__(self):
        return f"{self.number} 第{self.version}版"


class CircleKind(models.TextChoices):
    ALL_LAWYERS = "all_lawyers", "全部执业律师"
    ALL_FIRMS = "all_firms", "全部律师事务所"
    LEGAL_AID = "legal_aid", "全部法律援助律师"
    TRAINEES = "trainees", "实习人员"
    PRACTICE_TYPE = "practice_type", "按执业类别"
    FIRM_LAWYERS = "firm_lawyers", "指定律师事务所的律师"
    MEMBERS = "members", "指定会员"


class Circle(models.Model):
    """One group of 传阅给. 指定律师事务所的律师 and 指定会员 take licence numbers (执业证号 /
    执业许可证号 / 会员编号), one per line, chosen in the member chooser or pasted; they are
    resolved when the document is published."""

    document = ParentalKey(OfficialDocument, verbose_name="公文", on_delete=models.CASCADE, related_name="circles")
    kind = models.CharField("传阅范围", max_length=20, choices=CircleKind.choices)
    practice_type = models.CharField("执业类别", max_length=20, choices=PracticeType.choices, blank=True)
    numbers = models.TextField("执业证号 / 执业许可证号", blank=True, help_text="每行一个")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("practice_type"),
        FieldPanel(
            "numbers",
            widget=MemberNumbersWidget(),
            help_text="每行一个；可点“选择律师”“选择律师事务所”按姓名、证号或拼音挑选，也可从 Excel 粘贴一列",
        ),
    ]

    class Meta:
        verbose_name = "传阅范围"
        verbose_name_plural = "传阅范围"
        ordering = ["pk"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == CircleKind.PRACTICE_TYPE:
            return f"全部{self.get_practice_type_display()}"
        return self.get_kind_display()

    def number_list(self) -> list[str]:
        return split_numbers(self.numbers)


class RecipientQuerySet(models.QuerySet):
    def of_member(self, member):
        """Only this member's own receipts: every member-centre lookup goes through here."""
        if isinstance(member, Lawyer):
            return self.filter(lawyer=member)
        return self.filter(firm=member)

    def unread(self):
        return self.filter(read_version__lt=models.F("document__version"))


class Recipient(models.Model):
    """One member a published document went to, frozen at publishing (a later roster change does
    not change it). `read_version` is the latest version he has opened; each opening of a version
    is a `ReadReceipt`."""

    document = models.ForeignKey(
        OfficialDocument, verbose_name="公文", on_delete=models.CASCADE, related_name="recipients"
    )
    firm = models.ForeignKey(
        Firm, verbose_name="律师事务所", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="律师", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField("姓名 / 名称", max_length=100)
    login_name = models.CharField("执业证号 / 执业许可证号", max_length=30)
    added_at = models.DateTimeField("传阅时间")
    read_version = models.PositiveIntegerField("已阅版本", default=0)
    # The latest version a 消息 told him of (notices.tasks): what a lost job left untold.
    told_version = models.PositiveIntegerField("已通知版本", default=0)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    following = models.BooleanField("关注", default=False)

    objects = RecipientQuerySet.as_manager()

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "传阅人"
        verbose_name_plural = "传阅人"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "firm"], name="document_recipient_firm_once"),
            models.UniqueConstraint(fields=["document", "lawyer"], name="document_recipient_lawyer_once"),
            models.CheckConstraint(
                condition=Q(firm__isnull=False, lawyer__isnull=True) | Q(firm__isnull=True, lawyer__isnull=False),
                name="recipient_has_one_member",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "document"], name="recipient_lawyer_docs"),
            models.Index(fields=["firm", "document"], name="recipient_firm_docs"),
            models.Index(fields=["document", "read_version"], name="recipient_read"),
        ]

    def __str__(self):
        return f"{self.document.number} → {self.name}"

    @property
    def member(self) -> Firm | Lawyer:
        return self.firm or self.lawyer

    @property
    def has_read(self) -> bool:
        return self.read_version >= self.document.version


class ReadReceipt(models.Model):
    """已阅: a recipient opened this version, once, at this time. Members cannot change it."""

    recipient = models.ForeignKey(Recipient, verbose_name="传阅人", on_delete=models.CASCADE, related_name="receipts")
    version = models.PositiveIntegerField("版本")
    read_at = models.DateTimeField("阅读时间")

    class Meta:
        verbose_name = "阅读记录"
        verbose_name_plural = "阅读记录"
        ordering = ["recipient", "version"]
        constraints = [models.UniqueConstraint(fields=["recipient", "version"], name="receipt_once_per_version")]

    def __str__(self):
        return f"{self.recipient} 第{self.version}版"


class Feedback(models.Model):
    """反馈: a recipient's text (and files) on a document; its followers are told."""

    document = models.ForeignKey(
        OfficialDocument, verbose_name="公文", on_delete=models.CASCADE, related_name="feedback"
    )
    recipient = models.ForeignKey(Recipient, verbose_name="反馈人", on_delete=models.CASCADE, related_name="feedback")
    # One per 反馈 form: a double click finds the feedback it made.
    submission_token = models.UUIDField("提交标识", unique=True, editable=False)
    body = models.TextField("反馈内容", max_length=2000)
    created_at = models.DateTimeField("反馈时间", auto_now_add=True)
    attachments = GenericRelation(Attachment, related_query_name="document_feedback")

    class Meta:
        verbose_name = "公文反馈"
        verbose_name_plural = "公文反馈"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.document.number} {self.recipient.name}"


class Download(models.Model):
    """Each download of a classified document's attachment, by whom and when."""

    recipient = models.ForeignKey(Recipient, verbose_name="传阅人", on_delete=models.CASCADE, related_name="downloads")
    attachment = models.ForeignKey(Attachment, verbose_name="附件", on_delete=models.CASCADE, related_name="+")
    downloaded_at = models.DateTimeField("下载时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件下载记录"
        verbose_name_plural = "附件下载记录"
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"{self.recipient.name} {self.attachment.original_name}"
