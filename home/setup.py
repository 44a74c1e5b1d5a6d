"""The public site's sections, shared by setup_site (a real site) and seed_demo (which adds
the demo's articles under them):

    from home.setup import create_site_pages
    home, sections = create_site_pages()

Idempotent: pages are looked up by slug under their parent and only missing ones are
created, so running it again changes nothing and creates no duplicates. Pages an editor has
since changed are left alone. 关于协会, 常见问题 and 服务热线 come with the portal's own help
text (manuals 001 and 002), to be checked and edited by staff; no fictional content here."""

from xml.sax.saxutils import escape

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site

from notices.models import NewsIndexPage, NoticeIndexPage

from .models import HomePage, PortalSettings, StandardPage

HOME_TITLE = "广州市律师协会"
HOME_SLUG = "home"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _paragraph(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": _p(*paragraphs)}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def _faq(question: str, *answer: str) -> dict:
    return {"type": "faq", "value": {"question": question, "answer": _p(*answer)}}


# --- content ---------------------------------------------------------------------------

ABOUT_BODY = [
    _paragraph(
        "广州市律师协会是由广州市律师和律师事务所组成的社会团体法人，是律师的自律性组织，依法对律师行业实施行业管理。",
        "协会的主要职责包括：保障律师依法执业，维护律师的合法权益；总结、交流律师工作经验；"
        "组织律师业务培训和职业道德、执业纪律教育；组织律师开展对外交流；"
        "对律师、律师事务所实施奖励和惩戒；受理对律师的投诉或者举报，调解律师执业活动中发生的纠纷。",
    ),
    _heading("会员服务"),
    _paragraph(
        "本平台为会员提供电子证明申请、会员信息补全与变更、活动报名、培训记录查询、会员卡办理和工单咨询等服务。"
        "律师使用执业证号、律师事务所使用执业许可证号登录会员中心。"
    ),
]

FAQ_BODY = [
    _heading("电子证明"),
    _faq(
        "如何查看电子证明申请是否审核通过？",
        "登录会员中心后，在左侧菜单“我的证明”里，可以查看所有证明申请的状态和审核结果。"
        "若显示“待审批”，即协会还未审核。",
    ),
    _faq(
        "已发起申请，如何撤回？",
        "申请状态为“待审批”时，在“我的证明”中点击“查看”，在详情页面下方点击“撤回申请”即可。已审批的申请不能撤回。",
    ),
    _faq(
        "换了邮箱，如何将电子证明发送到指定的邮箱？",
        "在申请的第三步，可在“联系邮箱”处修改邮箱地址。申请通过后，点击“发送邮箱”，电子证明会发送到该邮箱。",
    ),
    _heading("账户与登录"),
    _faq(
        "律师无法登录怎么办？",
        "律师无法登录一般有两种可能：",
        "（1）信息登记有误。请律师事务所登录会员中心，在“律师列表”中查看该律师的信息，仔细核对身份证号和执业证号；"
        "如有不符，请在会员中心提交工单反馈，并上传该律师的执业证扫描件。",
        "（2）新执业律师的信息尚未同步到系统。请稍后再试，或在会员中心提交工单。",
    ),
    _faq(
        "忘记登录密码怎么办？",
        "在会员登录页面点击“忘记密码？”，输入在“账户信息”中登记的个人邮箱，按邮件中的链接设置新密码。"
        "未登记邮箱的会员，请在服务时间内拨打协会服务热线。",
    ),
    _heading("会员信息"),
    _faq(
        "律师已经转所，如何处理？",
        "转所后系统仍记录之前的执业机构的，请在会员中心提交工单反馈，并上传新的执业证作为修改依据。",
    ),
    _faq(
        "律师姓名登记错了，如何修改？",
        "请在会员中心提交工单，上传律师执业证，并分别写明登记错误的姓名和正确的姓名。",
    ),
    _faq(
        "已经提交审核，还能修改信息吗？",
        "审核期间可以撤回后修改再重新提交；审核通过后，部分信息可以通过“信息变更”进行修改。",
    ),
    # Manual 002 五、常见问题 5, 6 and 8, adapted to this portal.
    _faq(
        "基本信息全部填写，但始终显示“待填写”的红色提醒。",
        "回到“信息补全”并刷新页面，或者退出登录后重新登录即可。",
        "基本信息共六步，需在最后一步“确认信息”中确认后才算填写完成；只保存了前几步的，仍显示“待填写”。",
    ),
    _faq(
        "在填写邮编、电话、QQ 等信息时，如邮编填写后，再去填其他项目时，邮编就消失了，如何解决？",
        "请刷新页面重新输入（用半角字符输入）；若还不能解决，请换一个浏览器或者电脑。",
    ),
    _heading("技术支持"),
    _faq(
        "技术支持联系方式",
        "如果您在使用系统时，希望获得指导、帮助，可以在服务时间内拨打协会服务热线（见本页“联系协会”），"
        "或登录会员中心提交工单，协会将在工作日内处理。",
    ),
]

HOTLINE_BODY = [
    _paragraph(
        "如您在使用会员服务平台时需要指导或帮助，请在服务时间内拨打协会服务热线，我们将为您解答。",
        "账户信息有误、律师转所、姓名登记错误等需要协会核实处理的问题，"
        "请登录会员中心提交工单，并上传相关证明材料，协会将在工作日内处理。",
        "忘记登录密码的，可在会员登录页面通过“忘记密码？”自助找回。",
    ),
]

SECTIONS = [
    # (model, slug, title, show_in_menus, extra fields)
    (NewsIndexPage, "news", "新闻动态", True, {"intro": "广州市律师协会工作动态与行业新闻。"}),
    (NoticeIndexPage, "notices", "通知公告", True, {"intro": "协会发布的通知、公告和工作安排。"}),
    (
        StandardPage,
        "about",
        "关于协会",
        True,
        {"intro": "广州市律师协会是广州市律师的自律性组织。", "body": ABOUT_BODY},
    ),
    (
        StandardPage,
        "faq",
        "常见问题",
        True,
        {"intro": "会员在使用电子证明和会员中心时的常见问题及解答。", "body": FAQ_BODY},
    ),
    (
        StandardPage,
        "hotline",
        "服务热线",
        False,
        {"intro": "使用会员服务平台遇到问题，欢迎联系协会。", "body": HOTLINE_BODY},
    ),
]


# --- helpers ---------------------------------------------------------------------------


def _publish(page: Page) -> Page:
    """Give a page created in code a first revision, as if an editor had published it."""
    page.save_revision(log_action=True).publish()
    page.refresh_from_db()
    return page


def _child(parent: Page, model, slug: str, **fields):
    """The parent's child with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, **fields))
    return _publish(page)


def _ensure_home_page() -> HomePage:
    """The single HomePage at depth 2, as the default Site's root; Wagtail's welcome page goes."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        slug_taken = root.get_children().filter(slug=HOME_SLUG).exists()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug=f"{HOME_SLUG}-new" if slug_taken else HOME_SLUG,
                banner_title="广州市律师协会会员服务平台",
                banner_subtitle="电子证明在线申请　会员信息补全与变更　活动报名　工单咨询",
            )
        )
        home = _publish(home)

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, site_name=HOME_TITLE, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk or not site.is_default_site:
        site.root_page = home
        site.is_default_site = True
        site.site_name = site.site_name or HOME_TITLE
        site.save()

    # Wagtail's "Welcome to your new Wagtail site!": a plain Page next to ours, root of no site.
    plain_page = ContentType.objects.get_for_model(Page)
    welcome_pages = root.get_children().filter(content_type=plain_page).exclude(sites_rooted_here__isnull=False)
    for welcome in welcome_pages:
        if welcome.is_leaf():
            welcome.delete()

    if home.slug != HOME_SLUG and not root.get_children().filter(slug=HOME_SLUG).exists():
        home.slug = HOME_SLUG
        home = _publish(home)
    return home


# --- entry points ----------------------------------------------------------------------


@transaction.atomic
def create_site_pages() -> tuple[HomePage, dict[str, Page]]:
    """The HomePage (the default Site's root) and its sections, created where missing."""
    PortalSettings.load()  # saves the defaults (hotline, service hours...) when there is no row yet
    home = _ensure_home_page()
    sections = {}
    for model, slug, title, in_menu, fields in SECTIONS:
        sections[slug] = _child(home, model, slug, title=title, show_in_menus=in_menu, **fields)
    return home, sections


def setup_site(setup: dict) -> list[str]:
    """The `register_site_setup` step (see member_center/setup.py): the page tree."""
    # Counted without plain Pages: the tree's root, and Wagtail's welcome page, which goes.
    pages = Page.objects.exclude(content_type=ContentType.objects.get_for_model(Page))
    pages_before = pages.count()
    setup["home"], _ = create_site_pages()
    setup["todo"].append(
        "在 设置 → 网站设置 填写协会名称、服务热线、服务时间、地址和 ICP 备案号；"
        "在 页面 核对首页横幅和 关于协会、常见问题、服务热线 的文字。"
    )
    created = pages.count() - pages_before
    return [f"{created} 个页面"] if created > 0 else []
