"""The member's pages of 会员卡: 申请会员卡 with its three entries, the wizard 申请律师一卡通, 打印,
撤消, 会员卡管理 with 挂失 / 激活, the public card check; another member's are 404 everywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from member_center.cards.models import ApplicationKind, ApplicationState, CardApplication, CardStatus
from member_center.models import RosterStatus
from tests.cards.helpers import apply, bring, in_state, with_card
from tests.factories import LawyerFactory, StaffUserFactory, id_photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
S, K = ApplicationState, ApplicationKind


def upload(data=None, name="me.jpg"):
    return SimpleUploadedFile(name, data if data is not None else id_photo(), content_type="image/jpeg")


def test_the_list_shows_the_three_entries_with_the_manuals_texts(lawyer_client):
    page = lawyer_client.get(reverse("cards:list")).content.decode()
    assert "首次申请会员卡" in page and "遗失申请" in page and "换卡申请" in page
    assert "如果您从未申请过会员卡" in page
    assert reverse("cards:apply", args=["first"]) in page
    assert reverse("cards:apply", args=["lost"]) not in page  # no card reported lost
    assert "请先在【会员卡管理】中办理挂失" in page


def test_the_wizard_from_info_to_submitted(lawyer_client, lawyer):
    info = lawyer_client.get(reverse("cards:apply", args=["first"])).content.decode()
    assert "申请律师一卡通" in info and lawyer.licence_no in info and "工单系统" in info
    photo_url = reverse("cards:apply_photo", args=["first"])
    page = lawyer_client.get(photo_url).content.decode()
    assert "照片不符合证件照要求的，一律驳回" in page
    response = lawyer_client.post(photo_url, {"photo": upload(), "direction": "next"})
    assert response.url == reverse("cards:apply_confirm", args=["first"])
    confirm = lawyer_client.get(response.url).content.decode()
    assert "确认信息" in confirm and "申请会员卡" in confirm and "data:image/jpeg;base64," in confirm
    token = confirm.split('name="token" value="')[1].split('"')[0]
    done = lawyer_client.post(response.url, {"token": token}, follow=True)
    assert "已提交成功" in done.content.decode()
    assert done.redirect_chain[-1][0] == reverse("cards:list")
    application = CardApplication.objects.get(lawyer=lawyer)
    assert (application.kind, application.state) == (K.FIRST, S.PENDING)


def test_a_double_click_submits_once(lawyer_client, lawyer):
    url = reverse("cards:apply_photo", args=["first"])
    lawyer_client.get(reverse("cards:apply", args=["first"]))
    lawyer_client.post(url, {"photo": upload(), "direction": "next"})
    confirm = lawyer_client.get(reverse("cards:apply_confirm", args=["first"])).content.decode()
    token = confirm.split('name="token" value="')[1].split('"')[0]
    lawyer_client.post(reverse("cards:apply_confirm", args=["first"]), {"token": token})
    lawyer_client.post(reverse("cards:apply_confirm", args=["first"]), {"token": token})
    assert CardApplication.objects.filter(lawyer=lawyer).count() == 1


def test_a_wrong_photo_is_refused_beside_the_field(lawyer_client):
    lawyer_client.get(reverse("cards:apply", args=["first"]))
    response = lawyer_client.post(
        reverse("cards:apply_photo", args=["first"]), {"photo": upload(id_photo(size=(400, 400))), "direction": "next"}
    )
    assert response.status_code == 200
    assert "图片像素大小应为：358（宽）x 441（高）" in response.content.decode()


def test_without_any_photo_the_wizard_asks_for_one(lawyer_client):
    lawyer_client.get(reverse("cards:apply", args=["first"]))
    response = lawyer_client.post(reverse("cards:apply_photo", args=["first"]), {"direction": "next"})
    assert "请上传图片" in response.content.decode()


def test_the_lost_entry_is_refused_until_the_card_is_reported_lost(lawyer_client, lawyer):
    with_card(lawyer)
    response = lawyer_client.get(reverse("cards:apply", args=["lost"]), follow=True)
    assert "请先在【会员卡管理】中办理挂失" in response.content.decode()


def test_revoke_while_pending(lawyer_client, lawyer):
    application = apply(lawyer)
    page = lawyer_client.get(reverse("cards:list")).content.decode()
    assert reverse("cards:revoke", args=[application.number]) in page
    lawyer_client.post(reverse("cards:revoke", args=[application.number]))
    application.refresh_from_db()
    assert application.state == S.REVOKED


def test_no_revoke_once_accepted(lawyer_client, lawyer):
    application = in_state(S.ACCEPTED, lawyer)
    assert (
        reverse("cards:revoke", args=[application.number])
        not in lawyer_client.get(reverse("cards:list")).content.decode()
    )
    lawyer_client.post(reverse("cards:revoke", args=[application.number]))
    application.refresh_from_db()
    assert application.state == S.ACCEPTED


def test_print_is_a_pdf(lawyer_client, lawyer):
    application = apply(lawyer)
    response = lawyer_client.get(reverse("cards:print", args=[application.number]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_report_lost_and_activate(lawyer_client, lawyer):
    card = with_card(lawyer)
    page = lawyer_client.get(reverse("cards:cards")).content.decode()
    assert card.number in page and "正常" in page
    lawyer_client.post(reverse("cards:card_lost", args=[card.number]))
    card.refresh_from_db()
    assert card.status == CardStatus.LOST
    lawyer_client.post(reverse("cards:card_activate", args=[card.number]))
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_a_firm_has_no_card_pages(firm_client):
    assert firm_client.get(reverse("cards:list")).status_code == 404


def test_every_address_of_another_lawyers_application_and_card_is_a_404(lawyer_client):
    card = with_card()
    other = bring(apply(card.lawyer, K.REPLACE), S.PENDING)
    addresses = [
        ("get", reverse("cards:revoke", args=[other.number])),
        ("post", reverse("cards:revoke", args=[other.number])),
        ("get", reverse("cards:print", args=[other.number])),
        ("get", reverse("cards:photo", args=[other.number])),
        ("get", reverse("cards:card_lost", args=[card.number])),
        ("post", reverse("cards:card_lost", args=[card.number])),
        ("post", reverse("cards:card_activate", args=[card.number])),
    ]
    for method, url in addresses:
        assert getattr(lawyer_client, method)(url).status_code == 404, (method, url)
    other.refresh_from_db()
    card.refresh_from_db()
    assert (other.state, card.status) == (S.PENDING, CardStatus.ACTIVE)


# --- the public check -----------------------------------------------------------------------------


def test_the_public_check_shows_the_card_and_a_lost_one_at_once(client):
    card = with_card()
    page = client.get(card.verify_url()).content.decode()
    assert card.lawyer.name in page and "正常" in page and "执业" in page
    assert card.lawyer.id_number not in page
    from member_center.cards import services

    services.report_lost(card, None)
    assert "已挂失" in client.get(card.verify_url()).content.decode()


def test_the_public_check_shows_a_cancelled_lawyer(client):
    card = with_card()
    card.lawyer.status = RosterStatus.CANCELLED
    card.lawyer.save()
    assert "已注销" in client.get(card.verify_url()).content.decode()


def test_a_wrong_token_reveals_nothing(client):
    response = client.get(reverse("card_verify", args=["nope"]))
    assert response.status_code == 404
    assert "未找到该会员卡" in response.content.decode()


def test_the_public_check_is_rate_limited(client):
    for _ in range(20):
        client.get(reverse("card_verify", args=["nope"]))
    assert client.get(reverse("card_verify", args=["nope"])).status_code == 429


# --- queries do not grow with rows -------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_members_list_queries_stay_flat(lawyer_client, lawyer):
    staff = StaffUserFactory(superuser=True)
    bring(apply(lawyer), S.REJECTED, staff)
    queries(lawyer_client, reverse("cards:list"))  # the first visit of a session writes more
    few = queries(lawyer_client, reverse("cards:list"))
    for _ in range(3):
        bring(apply(lawyer), S.REJECTED, staff)
    assert queries(lawyer_client, reverse("cards:list")) == few


def test_the_staff_listing_queries_stay_flat(client):
    client.force_login(StaffUserFactory(superuser=True))
    url = reverse(CardApplication.snippet_viewset.get_url_name("list"))
    apply(LawyerFactory())
    queries(client, url)
    few = queries(client, url)
    for _ in range(4):
        apply(LawyerFactory())
    assert queries(client, url) == few


def test_the_profiles_approved_photo_is_the_default(lawyer_client, lawyer, lawyer_user):
    from tests.factories import profile_in_state

    profile_in_state("approved", lawyer=lawyer)  # its photo reviewed and approved
    lawyer_client.get(reverse("cards:apply", args=["first"]))
    page = lawyer_client.get(reverse("cards:apply_photo", args=["first"])).content.decode()
    assert "data:image/jpeg;base64," in page
    response = lawyer_client.post(reverse("cards:apply_photo", args=["first"]), {"direction": "next"})
    assert response.url == reverse("cards:apply_confirm", args=["first"])


def test_a_photo_waiting_for_review_is_not_the_default(lawyer_client, lawyer):
    from tests.factories import profile_in_state

    profile_in_state("submitted", lawyer=lawyer)
    lawyer_client.get(reverse("cards:apply", args=["first"]))
    page = lawyer_client.get(reverse("cards:apply_photo", args=["first"])).content.decode()
    assert "data:image/jpeg;base64," not in page


def test_the_member_search_finds_his_own_application(lawyer_client, lawyer):
    mine, other = apply(lawyer), apply()
    page = lawyer_client.get(reverse("member_center:search"), {"q": "HK"}).content.decode()
    assert mine.number in page and other.number not in page


def test_the_dashboard_says_where_to_collect_a_made_card(lawyer_client, lawyer):
    in_state(S.MADE, lawyer)
    page = lawyer_client.get(reverse("member_center:dashboard")).content.decode()
    assert "领取会员卡" in page and "协会一楼服务大厅" in page
