"""我的公文 as a member sees it: the list, 查看收文 (已阅 on opening), 关注 / 取消关注, 附件,
反馈情况 and 传阅情况; and nobody else reaching any of it."""

import uuid
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.models import Download, Feedback, Recipient, Secrecy
from tests.conftest import MEMBER_BACKEND
from tests.documents.helpers import pdf, published
from tests.factories import LawyerFactory, MemberUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

LIST = reverse("documents:list")


def test_the_menu_lists_my_documents(lawyer_client):
    assert "我的公文" in lawyer_client.get(reverse("member_center:dashboard")).content.decode()


def test_the_list_shows_the_manuals_columns_and_unread(lawyer_client, lawyer):
    published(lawyer, secrecy=Secrecy.SECRET)
    page = lawyer_client.get(LIST).content.decode()
    for text in ["此列表显示所有可查阅的收文信息", "公文编号", "公文标题", "来文单位", "收文日期", "保密等级",
                 "粤律协〔2026〕1号", "关于年度考核的通知", "广东省律师协会", "秘密", "未读"]:  # fmt: skip
        assert text in page


def test_the_list_is_newest_first_and_only_mine(lawyer_client, lawyer):
    published(lawyer, title="第一份")
    published(lawyer, title="第二份")
    published(LawyerFactory(), title="别人的")
    page = lawyer_client.get(LIST).content.decode()
    assert page.index("第二份") < page.index("第一份")
    assert "别人的" not in page


def test_search_and_the_unread_filter(lawyer_client, lawyer):
    read = published(lawyer, title="已经看过", number="A-1")
    published(lawyer, title="还没看", number="B-2")
    lawyer_client.get(read.get_absolute_url())
    page = lawyer_client.get(LIST, {"read": "unread"}).content.decode()
    assert "还没看" in page and "已经看过" not in page
    page = lawyer_client.get(LIST, {"q": "A-1"}).content.decode()
    assert "已经看过" in page and "还没看" not in page


def test_opening_a_document_shows_the_manuals_table_and_records_read(lawyer_client, lawyer):
    document = published(lawyer, files=[pdf()])
    page = lawyer_client.get(document.get_absolute_url()).content.decode()
    for text in ["查看收文", "关注", "返回", "公文编号", "收文日期", "来文单位", "发文日期", "保密等级", "公文标题：关于年度考核的通知",
                 "主题词：年度考核", "正文", "请各律师事务所按时完成年度考核。", "附件：", "通知.pdf", "反馈情况", "传阅情况",
                 "传阅给： 指定会员"]:  # fmt: skip
        assert text in page
    receipt = Recipient.objects.get(document=document)
    assert receipt.has_read and receipt.read_at is not None
    assert f"{lawyer.name}（已阅）" in page


def test_follow_and_unfollow(lawyer_client, lawyer):
    document = published(lawyer)
    url = reverse("documents:follow", args=[document.pk])
    lawyer_client.post(url, {"follow": "1"})
    assert Recipient.objects.get(document=document).following
    assert "取消关注" in lawyer_client.get(document.get_absolute_url()).content.decode()
    lawyer_client.post(url, {"follow": "0"})
    assert not Recipient.objects.get(document=document).following


def test_feedback_with_a_file_and_a_double_click_makes_one(lawyer_client, lawyer):
    document = published(lawyer)
    data = {"body": "已收到", "token": str(uuid.uuid4())}
    first = lawyer_client.post(document.get_absolute_url(), {**data, "files": [pdf("回执.pdf")]})
    lawyer_client.post(document.get_absolute_url(), data)
    assert first.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.body == "已收到" and feedback.attachments.count() == 1
    page = lawyer_client.get(document.get_absolute_url()).content.decode()
    assert "已收到" in page and "回执.pdf" in page


def test_empty_feedback_says_so_beside_the_field(lawyer_client, lawyer):
    document = published(lawyer)
    response = lawyer_client.post(document.get_absolute_url(), {"body": "", "token": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "请填写反馈内容。" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_classified_files_download_carries_the_readers_name_and_is_recorded(lawyer_client, lawyer):
    document = published(lawyer, secrecy=Secrecy.TOP_SECRET, files=[pdf()])
    attachment = document.attachments.get()
    response = lawyer_client.get(reverse("documents:file", args=[document.pk, attachment.uuid]))
    body(response)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert quote(f"{lawyer.name}_通知.pdf") in response["Content-Disposition"]
    assert Download.objects.get().recipient.lawyer == lawyer


def test_a_classified_files_shared_address_is_closed_to_its_own_recipient(lawyer_client, lawyer):
    """Only 我的公文's own address serves it, so every download is named and recorded."""
    document = published(lawyer, secrecy=Secrecy.SECRET, files=[pdf()])
    attachment = document.attachments.get()
    assert lawyer_client.get(attachment.get_absolute_url()).status_code == 404


def test_an_ordinary_files_shared_address_is_closed_to_its_recipient_too(lawyer_client, lawyer):
    """/files/ cannot tell which versions a file was published with: 我的公文's address can."""
    document = published(lawyer, files=[pdf()])
    assert lawyer_client.get(document.attachments.get().get_absolute_url()).status_code == 404
    response = lawyer_client.get(reverse("documents:file", args=[document.pk, document.attachments.get().uuid]))
    body(response)
    assert response.status_code == 200


@pytest.mark.parametrize("secrecy", [Secrecy.NORMAL, Secrecy.SECRET, Secrecy.CONFIDENTIAL, Secrecy.TOP_SECRET])
def test_nobody_outside_the_recipients_reaches_it_by_any_url(client, lawyer, secrecy):
    """Another lawyer of the same firm, the firm itself, and a stranger: every address a 404."""
    document = published(lawyer, secrecy=secrecy, files=[pdf()])
    receipt = Recipient.objects.get(document=document)
    from notices import services

    feedback, _ = services.give_feedback(
        Recipient.objects.select_related("document").get(pk=receipt.pk), submission_token=uuid.uuid4(),
        body="已收到", files=[pdf("回执.pdf")],
    )  # fmt: skip
    file, feedback_file = document.attachments.get(), feedback.attachments.get()
    colleague = MemberUserFactory(lawyer=LawyerFactory(firm=lawyer.firm))
    firm_account = MemberUserFactory(firm=lawyer.firm, lawyer=None)
    stranger = MemberUserFactory()
    urls = [
        document.get_absolute_url(),
        reverse("documents:follow", args=[document.pk]),
        reverse("documents:file", args=[document.pk, file.uuid]),
        reverse("documents:feedback_file", args=[document.pk, feedback_file.uuid]),
        file.get_absolute_url(),
        feedback_file.get_absolute_url(),
    ]
    for user in (colleague, firm_account, stranger):
        client.force_login(user, backend=MEMBER_BACKEND)
        for url in urls:
            method = client.post if "follow" in url else client.get
            assert method(url).status_code == 404, (user, url)
        assert "关于年度考核的通知" not in client.get(LIST).content.decode()
        search = client.get(reverse("member_center:search"), {"q": "年度考核"}).content.decode()
        assert "关于年度考核的通知" not in search


def test_a_firms_document_is_the_firms(firm_client, firm, lawyer):
    document = published(firm)
    assert firm_client.get(document.get_absolute_url()).status_code == 200
    assert Recipient.objects.get(document=document).firm == firm


def test_a_draft_is_nobodys_yet(lawyer_client, lawyer):
    from tests.documents.helpers import draft, to_members

    document = draft(circles=[to_members(lawyer)])
    assert lawyer_client.get(document.get_absolute_url()).status_code == 404


def test_the_dashboard_counts_the_unread(lawyer_client, lawyer):
    published(lawyer)
    page = lawyer_client.get(reverse("member_center:dashboard")).content.decode()
    assert "您有 1 份公文未读" in page


def test_the_member_search_finds_my_documents_by_number(lawyer_client, lawyer):
    published(lawyer, number="穗律协〔2026〕9号", title="关于会费缴纳的通知")
    page = lawyer_client.get(reverse("member_center:search"), {"q": "穗律协"}).content.decode()
    assert "关于会费缴纳的通知" in page


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_queries_do_not_grow_with_rows(lawyer_client, lawyer):
    for n in range(2):
        published(lawyer, number=f"N-{n}")
    lawyer_client.get(LIST)  # the session's first page does one-off work
    few = queries(lawyer_client, LIST)
    for n in range(2, 10):
        published(lawyer, number=f"N-{n}")
    assert queries(lawyer_client, LIST) == few


def test_the_detail_pages_queries_do_not_grow_with_recipients_or_feedback(lawyer_client, lawyer):
    from notices import services

    small = published(lawyer, *LawyerFactory.create_batch(2))
    others = LawyerFactory.create_batch(8)
    big = published(lawyer, *others)
    for document, count in ((small, 2), (big, 8)):
        for receipt in Recipient.objects.filter(document=document).select_related("document")[:count]:
            services.give_feedback(receipt, submission_token=uuid.uuid4(), body="收到")
    lawyer_client.get(small.get_absolute_url())  # the first opening writes the receipt
    lawyer_client.get(big.get_absolute_url())
    assert queries(lawyer_client, big.get_absolute_url()) == queries(lawyer_client, small.get_absolute_url())


def test_a_stale_form_says_so_above_it_and_keeps_what_was_typed(lawyer_client, lawyer):
    document = published(lawyer)
    response = lawyer_client.post(document.get_absolute_url(), {"body": "已收到", "token": "x"})
    page = response.content.decode()
    assert "页面已过期，请刷新后重新提交。" in page and "已收到" in page
    assert not Feedback.objects.exists()
