"""The demo's public content: news, notices and the dashboard's 首要工作项目, under the
sections every site has (home/setup.py):

    from home.demo import create_page_tree
    home = create_page_tree()

Idempotent: pages are looked up by slug under their parent and only missing ones are
created, so running it again changes nothing and creates no duplicates. Pages an editor has
since changed are left alone.
"""

import datetime
import hashlib
import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from notices.models import NewsPage, NoticePage

from .models import HomePage, WorkItem
from .setup import _child, _heading, _paragraph, create_site_pages

# --- content ---------------------------------------------------------------------------

NEWS = [
    {
        "slug": "member-services-meeting-2026",
        "title": "市律协召开2026年度会员服务工作会议",
        "date": datetime.date(2026, 1, 16),
        "summary": "会议总结了2025年度会员服务工作，部署了电子证明线上办理、会员信息补全等2026年度重点任务。",
        "body": [
            _paragraph(
                "1月16日，广州市律师协会召开2026年度会员服务工作会议。会议总结了2025年度会员服务工作，"
                "并对2026年度重点任务作出部署。",
                "会议提出，2026年协会将全面推行电子证明线上申请、在线审核和电子送达，"
                "组织全体会员完成会员信息补全，并通过会员中心集中办理活动报名、会员卡申请和工单咨询，"
                "让会员少跑腿、好办事。",
            ),
        ],
    },
    {
        "slug": "new-lawyer-training-2026",
        "title": "市律协举办2026年第一期新执业律师执业规范培训班",
        "date": datetime.date(2026, 3, 20),
        "summary": "培训围绕律师职业道德、执业纪律和执业风险防范展开，共有两百余名新执业律师参加。",
        "body": [
            _paragraph(
                "3月18日至20日，广州市律师协会举办2026年第一期新执业律师执业规范培训班，两百余名新执业律师参加培训。",
                "培训课程涵盖律师职业道德与执业纪律、律师事务所管理、执业风险防范和行业发展等内容。"
                "完成培训的律师，培训学时将计入会员中心的培训记录。",
            ),
        ],
    },
    {
        "slug": "community-legal-service-2026",
        "title": "市律协组织开展“律师进社区”公益法律服务活动",
        "date": datetime.date(2026, 5, 9),
        "summary": "来自各区的律师志愿者走进社区，为居民提供婚姻家庭、劳动争议、房屋租赁等方面的免费法律咨询。",
        "body": [
            _paragraph(
                "5月9日，广州市律师协会组织律师志愿者走进越秀、海珠、天河等区的多个社区，"
                "开展“律师进社区”公益法律服务活动。",
                "律师志愿者围绕婚姻家庭、劳动争议、房屋租赁和消费维权等居民关心的问题提供免费咨询，"
                "并发放普法宣传资料。",
            ),
        ],
    },
    {
        "slug": "young-lawyers-forum-2026",
        "title": "市律协召开青年律师发展座谈会",
        "date": datetime.date(2026, 6, 18),
        "summary": "座谈会听取青年律师对执业环境、业务培训和会员服务的意见和建议。",
        "body": [
            _paragraph(
                "6月18日，广州市律师协会召开青年律师发展座谈会，二十余名青年律师代表参加。",
                "与会律师围绕执业环境、业务培训、办案保障和会员服务等话题踊跃发言。"
                "协会将认真梳理意见建议，持续改进会员服务。",
            ),
        ],
    },
]

NOTICES = [
    {
        "slug": "e-certificate-system-online",
        "title": "关于电子证明系统正式上线的通知",
        "date": datetime.date(2026, 2, 2),
        "summary": "自2026年2月2日起，律师事务所和律师可登录会员中心在线申请电子证明，审核通过后可下载或发送至邮箱。",
        "body": [
            _paragraph("各律师事务所、各位律师："),
            _paragraph("为方便会员办理各类证明，协会电子证明系统自2026年2月2日起正式上线。现将有关事项通知如下："),
            _heading("一、申请方式"),
            _paragraph(
                "律师事务所使用执业许可证号、律师使用执业证号登录会员中心，在“电子证明申请”中选择证明类型，"
                "按提示填写申请信息并提交。"
            ),
            _heading("二、审核与领取"),
            _paragraph(
                "申请提交后可在“我的证明”中查看审核状态。审核通过后，可直接下载电子证明 PDF 文件，"
                "或点击“发送邮箱”将电子证明发送到指定邮箱。"
            ),
            _heading("三、证明验证"),
            _paragraph("接收电子证明的单位可在本网站“证明验证”页面输入证明编号，核验证明的真实性。"),
            _paragraph("特此通知。"),
        ],
    },
    {
        "slug": "annual-assessment-2025",
        "title": "关于开展2025年度律师执业年度考核工作的通知",
        "date": datetime.date(2026, 3, 2),
        "summary": "2025年度律师执业年度考核工作即日启动，请各律师事务所于2026年4月30日前完成考核材料的报送。",
        "body": [
            _paragraph("各律师事务所："),
            _paragraph(
                "根据律师执业年度考核的有关规定，2025年度律师执业年度考核工作即日启动。"
                "请各律师事务所组织本所律师如实填报年度执业情况，并于2026年4月30日前完成考核材料的报送。",
                "考核期间如有疑问，请在服务时间内拨打协会服务热线咨询。",
            ),
            _paragraph("特此通知。"),
        ],
    },
    {
        "slug": "member-profile-completion",
        "title": "关于会员完善个人信息（信息补全）的通知",
        "date": datetime.date(2026, 3, 16),
        "summary": "请全体个人会员于2026年6月30日前登录会员中心，完成基本信息和各项档案信息的填写并提交审核。",
        "body": [
            _paragraph("各位律师、实习人员："),
            _paragraph(
                "为建立完整、准确的会员档案，请全体个人会员于2026年6月30日前登录会员中心，"
                "在“信息补全”中完成基本信息以及教育经历、工作经历等各项信息的填写，没有相关经历的可填报为“无”，"
                "全部完成后提交审核。",
                "审核通过后如需修改，请通过“信息变更”办理。登录遇到问题的，可通过“忘记密码”找回密码，"
                "或在服务时间内拨打协会服务热线。",
            ),
        ],
    },
    {
        "slug": "risk-prevention-lecture-signup",
        "title": "关于“律师执业风险防范”专题讲座报名的通知",
        "date": datetime.date(2026, 4, 10),
        "summary": "协会将于2026年4月28日举办“律师执业风险防范”专题讲座，名额有限，请通过会员中心活动报名。",
        "body": [
            _paragraph("各位律师："),
            _paragraph(
                "协会定于2026年4月28日（星期二）下午14:30在协会培训室举办“律师执业风险防范”专题讲座，"
                "名额150人，报满即止。",
                "请于4月24日17:30前登录会员中心，在“活动报名”中报名。报名后如不能参加，"
                "请按活动规定的时间取消报名或请假。参加讲座的律师可获得相应培训学时。",
            ),
        ],
        "attachment": {
            "title": "“律师执业风险防范”专题讲座报名须知",
            "filename": "lecture-signup-notes.docx",
            "paragraphs": [
                "“律师执业风险防范”专题讲座报名须知",
                "时间：2026年4月28日（星期二）下午14:30",
                "地点：广州市律师协会培训室",
                "报名方式：登录会员中心，在“活动报名”中报名，名额150人，报满即止。",
                "报名截止：2026年4月24日17:30",
            ],
        },
    },
    {
        "slug": "member-card-application",
        "title": "关于办理律师会员卡的通知",
        "date": datetime.date(2026, 5, 6),
        "summary": "尚未办理会员卡的律师可登录会员中心提交首次申请，会员卡遗失的请先办理挂失再申请补办。",
        "body": [
            _paragraph("各位律师："),
            _paragraph(
                "尚未办理会员卡的律师，可登录会员中心，在“会员卡”中提交首次申请，并上传符合要求的证件照片。"
                "会员卡遗失的，请先办理挂失，确认无法找回后再提交遗失申请；会员卡损坏的，可提交换卡申请。",
                "会员卡制作完成后，协会将通知领取。",
            ),
        ],
    },
]

# 近期会员系统首要工作项目: deadlines counted from the day the demo is loaded, so it always
# shows two open campaigns and one just ended (已截止).
WORK_ITEMS = [
    {
        "title": "会员信息采集（信息补全）",
        "summary": "请全体个人会员在“信息补全”中完成基本信息和各项档案信息的填写，并正式提交审核。",
        "days_left": 30,
        "link": "/notices/member-profile-completion/",
        "sort_order": 10,
    },
    {
        "title": "律师执业年度考核材料报送",
        "summary": "请各律师事务所组织本所律师如实填报年度执业情况，按时报送年度考核材料。",
        "days_left": 75,
        "link": "/notices/annual-assessment-2025/",
        "sort_order": 20,
    },
    {
        "title": "电子证明系统试运行意见征集",
        "summary": "欢迎通过工单反馈使用电子证明系统时遇到的问题和改进建议。",
        "days_left": -7,
        "link": "",
        "sort_order": 30,
    },
]

# --- helpers ---------------------------------------------------------------------------


def _docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document with one paragraph per string."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _document(title: str, filename: str, paragraphs: list[str]):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        data = _docx(paragraphs)
        # Size and hash as Wagtail's upload form records them (the hash finds duplicates).
        document = Document(title=title, file_size=len(data), file_hash=hashlib.sha1(data).hexdigest())
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
    return document


# --- entry point -----------------------------------------------------------------------


@transaction.atomic
def create_page_tree() -> HomePage:
    """The sections (home/setup.py) plus the demo's news and notices, created where missing;
    returns the HomePage (the site root)."""
    home, sections = create_site_pages()
    for model, slug, items in ((NewsPage, "news", NEWS), (NoticePage, "notices", NOTICES)):
        parent = sections[slug]
        for item in items:
            fields = {key: value for key, value in item.items() if key != "attachment"}
            attachment = item.get("attachment")
            if attachment and not parent.get_children().filter(slug=item["slug"]).exists():
                document = _document(attachment["title"], attachment["filename"], attachment["paragraphs"])
                fields["attachments"] = [{"type": "document", "value": document.pk}]
            _child(parent, model, **fields)
    return home


def create_work_items() -> None:
    """The demo 首要工作项目, each created once (looked up by title)."""
    today = timezone.localdate()
    for item in WORK_ITEMS:
        fields = {key: value for key, value in item.items() if key not in ("title", "days_left")}
        fields["deadline"] = today + datetime.timedelta(days=item["days_left"])
        WorkItem.objects.get_or_create(title=item["title"], defaults=fields)


def load_demo(demo: dict) -> None:
    """The `register_demo_data` loader (see member_center/demo.py): the page tree and the
    dashboard's 首要工作项目."""
    demo["home"] = create_page_tree()
    create_work_items()
