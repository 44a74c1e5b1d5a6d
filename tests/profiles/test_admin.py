"""The staff side of the lawyers' profiles in the Wagtail admin: the review queue (律师档案), the
review page with 通过 / 驳回, 批量通过, export, the change log (档案变更) with 标记已处理, who may
do what, and the dashboard counts."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from member_center import roles
from member_center.profiles import admin_views, services
from member_center.profiles.admin_views import staff_queues
from member_center.profiles.models import ChangeState, Profile, ProfileChange, ProfileState
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    AwardFactory,
    FirmFactory,
    LawyerFactory,
    MemberUserFactory,
    ProfileFactory,
    StaffUserFactory,
    profile_in_state,
)
from tests.http import body, csv_rows

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/snippets/profiles/profile/"
CHANGES_URL = "/admin/snippets/profiles/profilechange/"
BULK_APPROVE_URL = "/admin/bulk/profiles/profile/approve/"
BULK_PROCESSED_URL = "/admin/bulk/profiles/profilechange/mark_processed/"
PROFILES = "wagtailsnippets_profiles_profile"


# --- helpers ------------------------------------------------------------------------------------


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def manager():
    return StaffUserFactory(roles=[roles.MEMBER_MANAGERS], last_name="陈", first_name="审核")


def review_url(profile) -> str:
    return reverse(f"{PROFILES}:inspect", args=[profile.pk])


def action_url(profile, action: str) -> str:
    """通过 and 驳回 each have their own address (portal.review)."""
    return reverse(f"{PROFILES}:review_action", args=[profile.pk, action])


def photo_url(profile) -> str:
    return reverse(f"{PROFILES}:photo", args=[profile.pk])


def submitted(name="王雷", firm=None, **lawyer_fields):
    lawyer = LawyerFactory(name=name, **({"firm": firm} if firm else {}), **lawyer_fields)
    return profile_in_state(ProfileState.SUBMITTED, lawyer=lawyer)


def with_change(profile, by=None, **fields) -> ProfileChange:
    """A change after approval, through 信息变更 as the lawyer makes it."""
    services.save_basic(profile, fields or {"mobile": "13911112222"}, by=by)
    return profile.changes.latest("pk")


def xlsx_rows(response) -> list[tuple]:
    content = body(response)
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


# --- the queue ------------------------------------------------------------------------------------


def test_queue_lists_a_submitted_profile_with_name_licence_firm_and_state(private_media):
    profile = submitted(firm=FirmFactory(name="广州明法律师事务所"))

    response = staff_client(manager()).get(QUEUE_URL)

    assert response.status_code == 200
    page = text_of(response)
    assert profile.lawyer.name in page
    assert profile.lawyer.licence_no in page
    assert "广州明法律师事务所" in page
    assert "审核中" in page
    assert review_url(profile) in response.content.decode()


def test_queue_shows_profiles_under_review_first(private_media):
    approved = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="甲已通过"))
    waiting = submitted(name="乙审核中")
    Profile.objects.filter(pk=approved.pk).update(submitted_at=timezone.now() + timezone.timedelta(days=1))

    page = text_of(staff_client(manager()).get(QUEUE_URL))

    assert page.index(waiting.lawyer.name) < page.index(approved.lawyer.name)


def test_queue_filters_by_state(private_media):
    waiting = submitted(name="乙审核中")
    approved = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="甲已通过"))

    page = text_of(staff_client(manager()).get(QUEUE_URL, {"state": ProfileState.APPROVED}))

    assert approved.lawyer.name in page
    assert waiting.lawyer.name not in page


def test_queue_filters_by_part_of_the_firms_name(private_media):
    wanted = submitted(name="明法律师", firm=FirmFactory(name="广州明法律师事务所"))
    other = submitted(name="正信律师", firm=FirmFactory(name="广州正信律师事务所"))

    page = text_of(staff_client(manager()).get(QUEUE_URL, {"firm": "明法"}))

    assert wanted.lawyer.name in page
    assert other.lawyer.name not in page


def test_queue_finds_a_profile_by_name_or_licence_number(private_media):
    wanted = submitted(name="王雷", licence_no="14401201510000002")
    other = submitted(name="李红", licence_no="14401201510000003")
    client = staff_client(manager())

    by_name = text_of(client.get(QUEUE_URL, {"q": "王雷"}))
    by_licence = text_of(client.get(QUEUE_URL, {"q": "10000002"}))

    for page in (by_name, by_licence):
        assert wanted.lawyer.licence_no in page
        assert other.lawyer.licence_no not in page


def test_queue_runs_the_same_queries_for_5_or_30_profiles(private_media):
    client = staff_client(manager())
    for _ in range(5):
        submitted(name="律师")
    client.get(QUEUE_URL)  # warm caches (content types, settings)
    with CaptureQueriesContext(connection) as five:
        assert client.get(QUEUE_URL).status_code == 200

    for _ in range(25):
        submitted(name="律师")
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(QUEUE_URL).status_code == 200

    assert len(thirty) == len(five)


def test_staff_cannot_add_edit_or_delete_a_profile(private_media):
    profile = submitted()
    superuser = staff_client(StaffUserFactory(superuser=True))

    for name, args in (("add", []), ("edit", [profile.pk]), ("delete", [profile.pk])):
        assert superuser.get(reverse(f"{PROFILES}:{name}", args=args)).status_code == 302, name
    superuser.post(reverse(f"{PROFILES}:delete", args=[profile.pk]))

    assert Profile.objects.filter(pk=profile.pk).exists()


# --- export ---------------------------------------------------------------------------------------


def test_export_gives_an_xlsx_of_the_filtered_queue(private_media):
    waiting = submitted(name="王雷", firm=FirmFactory(name="广州明法律师事务所"))
    approved = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="李红"))

    response = staff_client(manager()).get(QUEUE_URL, {"export": "xlsx", "state": ProfileState.SUBMITTED})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    assert rows[0][:6] == ("姓名", "性别", "执业证号", "执业机构", "执业类别", "审核状态")
    assert rows[1][0] == "王雷"
    assert rows[1][2] == waiting.lawyer.licence_no
    assert rows[1][3] == "广州明法律师事务所"
    assert rows[1][5] == "审核中"
    assert "手机号码" in rows[0] and "13800138000" in rows[1]
    assert approved.lawyer.name not in [row[0] for row in rows]


def test_export_gives_a_csv_too(private_media):
    submitted(name="王雷")

    response = staff_client(manager()).get(QUEUE_URL, {"export": "csv"})

    rows = csv_rows(response)
    assert rows[0][0] == "姓名"
    assert rows[1][0] == "王雷"


# --- the review page ------------------------------------------------------------------------------


def test_review_page_shows_the_whole_record(private_media):
    profile = submitted(name="王雷")
    AwardFactory(profile=profile, content="广州市优秀律师")

    response = staff_client(manager()).get(review_url(profile))

    assert response.status_code == 200
    page = text_of(response)
    for expected in (
        "王雷",
        profile.lawyer.licence_no,
        profile.lawyer.id_number,  # staff see the ID number unmasked
        "执业信息",
        "基本信息",
        "执业情况",
        "联系方式",
        "13800138000",
        "lawyer@example.cn",
        "中山大学",  # 教育经历
        "广州明法律师事务所",  # 工作经历
        "广州市优秀律师",  # 获奖情况
        "家庭成员",
        "已填报为无",
        "出版著作",
        "大学本科",  # 学历, from 教育经历
        "审核中",
        "近期变更",
        "操作记录",
    ):
        assert expected in page, expected
    assert photo_url(profile) in response.content.decode()


def test_review_page_offers_approve_and_reject_only_under_review(private_media):
    client = staff_client(manager())
    waiting = submitted()
    approved = profile_in_state(ProfileState.APPROVED)

    waiting_page = client.get(review_url(waiting)).content.decode()
    approved_page = client.get(review_url(approved)).content.decode()

    assert action_url(waiting, "approve") in waiting_page and action_url(waiting, "reject") in waiting_page
    assert action_url(approved, "approve") not in approved_page and action_url(approved, "reject") not in approved_page


def test_approve_passes_the_profile_and_the_audit_entry_shows_on_the_page(private_media):
    reviewer = manager()
    client = staff_client(reviewer)
    profile = submitted()

    response = client.post(action_url(profile, "approve"), {"opinion": ""})

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == ProfileState.APPROVED
    assert profile.reviewed_by == reviewer
    page = text_of(client.get(review_url(profile)))
    assert "审核通过" in page
    assert "陈审核" in page


def test_reject_with_an_opinion_rejects_and_the_opinion_shows_in_the_history(private_media):
    client = staff_client(manager())
    profile = submitted()

    client.post(action_url(profile, "reject"), {"opinion": "照片不符合要求，请重新上传"})

    profile.refresh_from_db()
    assert profile.state == ProfileState.REJECTED
    assert profile.review_opinion == "照片不符合要求，请重新上传"
    page = text_of(client.get(review_url(profile)))
    assert "驳回" in page
    assert "审核意见：照片不符合要求，请重新上传" in page


def test_reject_without_an_opinion_is_refused_beside_the_field_and_nothing_changes(private_media):
    client = staff_client(manager())
    profile = submitted()

    response = client.post(action_url(profile, "reject"), {"opinion": "  "})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.find(id="opinion-error")
    assert error is not None and "驳回时须填写审核意见" in error.get_text()
    assert soup.find(id="review-opinion")["aria-describedby"] == "opinion-error"
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED
    assert profile.reviewed_at is None


def test_approving_twice_approves_once_and_says_why(private_media):
    client = staff_client(manager())
    profile = submitted()
    client.post(action_url(profile, "approve"), {})

    response = client.post(action_url(profile, "approve"), {})

    assert response.status_code == 200
    assert "不能审核通过" in text_of(response)
    assert LogEntry.objects.filter(additional_data__事件="审核通过").count() == 1


def test_review_page_lists_the_change_log(private_media):
    profile = profile_in_state(ProfileState.APPROVED)
    with_change(profile, mobile="13911112222")

    page = text_of(staff_client(manager()).get(review_url(profile)))

    assert "手机号码:13800138000->13911112222" in page
    assert "待处理" in page


# --- the photo and the PDF ------------------------------------------------------------------------


def test_photo_is_served_to_staff_who_may_view_profiles(private_media):
    profile = submitted()

    response = staff_client(manager()).get(photo_url(profile))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert body(response)[:2] == b"\xff\xd8"


def test_photo_is_refused_to_staff_without_the_profile_permissions(private_media):
    profile = submitted()
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])

    assert staff_client(reviewer).get(photo_url(profile)).status_code == 403


def test_photo_of_a_profile_without_one_is_a_404(private_media):
    profile = submitted()
    Profile.objects.filter(pk=profile.pk).update(photo="")

    assert staff_client(manager()).get(photo_url(profile)).status_code == 404


def test_register_pdf_downloads_for_staff(private_media):
    pytest.importorskip("member_center.profiles.rendering")
    profile = submitted()

    response = staff_client(manager()).get(reverse(f"{PROFILES}:pdf", args=[profile.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


# --- 批量通过 --------------------------------------------------------------------------------------


def test_bulk_approve_asks_first_naming_what_it_will_skip(private_media):
    waiting = submitted(name="甲")
    draft = profile_in_state(ProfileState.DRAFT, lawyer=LawyerFactory(name="丙"))

    confirm = staff_client(manager()).get(f"{BULK_APPROVE_URL}?id={waiting.pk}&id={draft.pk}&next={QUEUE_URL}")

    assert confirm.status_code == 200
    page = text_of(confirm)
    assert "将通过以下 1 份审核中的档案" in page and "甲" in page
    assert "将跳过" in page and "丙" in page


def test_bulk_approve_approves_a_submitted_profile(private_media):
    reviewer = manager()
    waiting = submitted(name="甲")

    response = staff_client(reviewer).post(f"{BULK_APPROVE_URL}?id={waiting.pk}&next={QUEUE_URL}")

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == ProfileState.APPROVED
    assert waiting.reviewed_by == reviewer


def test_bulk_approve_approves_only_the_submitted_ones(private_media):
    client = staff_client(manager())
    first, second = submitted(name="甲"), submitted(name="乙")
    draft = profile_in_state(ProfileState.DRAFT, lawyer=LawyerFactory(name="丙"))
    ids = [first.pk, second.pk, draft.pk]
    url = f"{BULK_APPROVE_URL}?{'&'.join(f'id={pk}' for pk in ids)}&next={QUEUE_URL}"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "将跳过" in text_of(confirm) and "丙" in text_of(confirm)

    response = client.post(url)

    assert response.status_code == 302
    states = dict(Profile.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {first.pk: "approved", second.pk: "approved", draft.pk: "draft"}
    page = text_of(client.get(response["Location"]))
    assert "已通过 2 份档案" in page
    assert "跳过 1 份" in page


def test_bulk_approve_of_everything_selected_keeps_to_the_listings_filter(private_media):
    wanted = submitted(name="明法律师", firm=FirmFactory(name="广州明法律师事务所"))
    untouched = submitted(name="正信律师", firm=FirmFactory(name="广州正信律师事务所"))

    staff_client(manager()).post(f"{BULK_APPROVE_URL}?id=all&firm=明法&next={QUEUE_URL}")

    wanted.refresh_from_db()
    untouched.refresh_from_db()
    assert wanted.state == ProfileState.APPROVED
    assert untouched.state == ProfileState.SUBMITTED


def test_bulk_approve_is_refused_without_the_review_permission(private_media):
    profile = submitted()
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])

    response = staff_client(reviewer).post(f"{BULK_APPROVE_URL}?id={profile.pk}")

    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED


# --- 档案变更 ----------------------------------------------------------------------------------------


def test_change_log_lists_changes_with_lawyer_subject_and_state(private_media):
    profile = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="李红"))
    with_change(profile, mobile="13911112222")

    page = text_of(staff_client(manager()).get(CHANGES_URL))

    assert "李红" in page
    assert "律师" in page and "修改" in page
    assert "手机号码:13800138000->13911112222" in page
    assert "待处理" in page


def test_queue_finds_every_profile_when_more_lawyers_match_than_go_in_as_ids(private_media, monkeypatch):
    monkeypatch.setattr(admin_views, "FEW_LAWYERS", 1)
    first = submitted(name="王雷", licence_no="14401201510000002")
    second = submitted(name="王雷明", licence_no="14401201510000003")
    other = submitted(name="李红", licence_no="14401201520000004")

    page = text_of(staff_client(manager()).get(QUEUE_URL, {"q": "1510000"}))

    assert first.lawyer.licence_no in page and second.lawyer.licence_no in page
    assert other.lawyer.licence_no not in page


def test_change_log_filters_by_state_and_searches_by_lawyer(private_media):
    reviewer = manager()
    mine = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="李红"))
    other = profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="王雷"))
    pending = with_change(mine, mobile="13911112222")
    done = with_change(other, mobile="13922223333")
    services.mark_changes_processed([done.pk], by=reviewer)
    client = staff_client(reviewer)

    by_state = text_of(client.get(CHANGES_URL, {"state": ChangeState.PENDING}))
    by_name = text_of(client.get(CHANGES_URL, {"q": "王雷"}))

    assert "13911112222" in by_state and "13922223333" not in by_state
    assert "13922223333" in by_name and "13911112222" not in by_name
    assert pending.state == ChangeState.PENDING


def test_mark_processed_records_who_processed_the_changes(private_media):
    reviewer = manager()
    client = staff_client(reviewer)
    profile = profile_in_state(ProfileState.APPROVED)
    first = with_change(profile, mobile="13911112222")
    second = with_change(profile, email="new@example.cn")
    url = f"{BULK_PROCESSED_URL}?id={first.pk}&id={second.pk}&next={CHANGES_URL}"

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    for change in (first, second):
        change.refresh_from_db()
        assert change.state == ChangeState.PROCESSED
        assert change.processed_by == reviewer
    page = text_of(client.get(response["Location"]))
    assert "已将 2 条档案变更标记为已处理" in page
    assert "陈审核" in page


def test_mark_processed_is_refused_without_the_change_permission(private_media):
    change = with_change(profile_in_state(ProfileState.APPROVED))
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])

    response = staff_client(reviewer).post(f"{BULK_PROCESSED_URL}?id={change.pk}")

    assert response.status_code == 403
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_change_log_exports_to_xlsx(private_media):
    with_change(profile_in_state(ProfileState.APPROVED, lawyer=LawyerFactory(name="李红")), mobile="13911112222")

    response = staff_client(manager()).get(CHANGES_URL, {"export": "xlsx"})

    rows = xlsx_rows(response)
    assert rows[0][:5] == ("变更时间", "律师", "执业证号", "执业机构", "变更项目")
    assert rows[1][1] == "李红"
    assert rows[1][4] == "律师"


# --- who may do what ------------------------------------------------------------------------------


def test_the_member_managers_role_carries_the_profile_permissions():
    user = manager()

    for permission in (
        "profiles.view_profile",
        "profiles.review_profile",
        "profiles.view_profilechange",
        "profiles.change_profilechange",
    ):
        assert user.has_perm(permission), permission
    assert not user.has_perm("profiles.change_profile")


def test_a_certificate_reviewer_reaches_none_of_it(private_media):
    profile = submitted()
    client = staff_client(StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]))

    for url in (QUEUE_URL, review_url(profile), CHANGES_URL):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert profile.lawyer.name not in text_of(response), url
    response = client.post(action_url(profile, "approve"), {})

    assert response.status_code in (302, 403)
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED


def test_a_member_reaches_none_of_it(private_media):
    profile = submitted()
    member = Client()
    member.force_login(MemberUserFactory(lawyer=profile.lawyer), backend=MEMBER_BACKEND)

    for url in (QUEUE_URL, review_url(profile), photo_url(profile), CHANGES_URL):
        response = member.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    member.post(action_url(profile, "approve"), {})
    member.post(f"{BULK_APPROVE_URL}?id={profile.pk}")

    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED


# --- the dashboard ----------------------------------------------------------------------------------


def test_dashboard_counts_profiles_under_review_and_pending_changes(private_media):
    submitted(name="甲")
    submitted(name="乙")
    with_change(profile_in_state(ProfileState.APPROVED))
    rows = {queue.label: (queue.count, queue.url) for queue in staff_queues(manager())}

    assert rows["待审核档案"] == (2, f"{QUEUE_URL}?state=submitted")
    assert rows["待处理变更"] == (1, f"{CHANGES_URL}?state=pending")
    assert staff_queues(StaffUserFactory(roles=[roles.CONTENT_EDITORS])) == []


def test_dashboard_page_shows_the_profile_counts(private_media):
    submitted()

    page = text_of(staff_client(manager()).get(reverse("wagtailadmin_home")))

    assert "待审核档案 1 不到 1 分钟" in page  # how many, and how long the oldest has waited
    assert "待处理变更 0 —" in page


def test_select_all_on_a_long_queue_names_the_profiles_under_review():
    for _ in range(21):  # more than one page
        ProfileFactory(state=ProfileState.SUBMITTED)
    page = BeautifulSoup(staff_client(manager()).get(QUEUE_URL).content, "html.parser")
    button = page.select_one("[data-bulk-action-num-objects-in-listing]")
    assert button.get_text(strip=True) == "选择列表中全部审核中的档案"


def test_select_all_on_a_long_change_log_names_the_pending_changes():
    profile = ProfileFactory(state=ProfileState.APPROVED)
    ProfileChange.objects.bulk_create(
        ProfileChange(profile=profile, subject="律师", action="修改", summary=f"手机号码:{n}") for n in range(21)
    )
    page = BeautifulSoup(staff_client(manager()).get(CHANGES_URL).content, "html.parser")
    button = page.select_one("[data-bulk-action-num-objects-in-listing]")
    assert button.get_text(strip=True) == "选择列表中全部待处理的变更"
