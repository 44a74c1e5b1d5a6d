"""会员管理 → 生成激活函: staff print activation codes for members who cannot receive a code."""

import re

import pytest
from django.test import Client

from member_center import roles, services
from member_center.models import CodeChannel, OneTimeCode
from portal import printing
from tests.certificates.helpers import pdf_font_names, pdf_text
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

from .utils import ACTIVATE_URL, PASSWORD_URL, logged_in_user_id, login, page_text

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b")


def letter_url(member):
    return f"/admin/roster/{member._meta.model_name}/{member.pk}/activation-letter/"


@pytest.fixture
def staff():
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    return client


def codes_in(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return CODE_RE.findall(pdf_text(response.content))


def begin(client, member):
    return login(client, member.login_name, member.initial_password())


def test_the_page_explains_the_letter_before_anything_is_made(staff):
    lawyer = LawyerFactory(mobile="", email="")

    response = staff.get(letter_url(lawyer))

    assert response.status_code == 200
    html = page_text(response)
    assert "生成并下载激活函（PDF）" in html
    assert "尚未开通" in html
    assert not OneTimeCode.objects.exists()


def test_a_letter_is_a_pdf_in_chinese_with_one_code(staff):
    lawyer = LawyerFactory(mobile="", email="", name="周婷")

    response = staff.post(letter_url(lawyer), follow=True)

    text = pdf_text(response.content)
    assert "会员账号激活函" in text
    assert "周婷" in text
    assert lawyer.licence_no in text
    assert len(codes_in(response)) == 1
    assert any("CJK" in name or "Noto" in name for name in pdf_font_names(response.content))
    assert "attachment" in response["Content-Disposition"]


def test_the_letters_code_activates_the_account_once(staff, client):
    lawyer = LawyerFactory(mobile="", email="")
    (code,) = codes_in(staff.post(letter_url(lawyer), follow=True))
    begin(client, lawyer)

    response = client.post(ACTIVATE_URL, {"verify": "1", "code": code.lower().replace("-", " ")})

    assert response.status_code == 302
    assert client.get("/member/")["Location"] == PASSWORD_URL
    client.post("/member/logout/")
    begin(client, lawyer)
    again = client.post(ACTIVATE_URL, {"verify": "1", "code": code})
    assert "激活码不正确或已失效" in page_text(again)


def test_the_code_is_not_stored_in_the_clear(staff):
    lawyer = LawyerFactory()
    (code,) = codes_in(staff.post(letter_url(lawyer), follow=True))

    stored = OneTimeCode.objects.get(channel=CodeChannel.LETTER)

    assert code.replace("-", "") not in stored.code_hash
    assert code.replace("-", "") not in stored.letter_nonce


def test_a_letter_expires_after_thirty_days(staff, client, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+08:00", tick=False)
    lawyer = LawyerFactory(mobile="", email="")
    (code,) = codes_in(staff.post(letter_url(lawyer), follow=True))
    time_machine.move_to("2026-12-31 09:00:01+08:00", tick=False)
    begin(client, lawyer)

    response = client.post(ACTIVATE_URL, {"verify": "1", "code": code})

    assert "激活码不正确或已失效" in page_text(response)
    assert logged_in_user_id(client) is None


def test_a_new_letter_voids_the_earlier_one(staff, client, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+08:00", tick=False)
    lawyer = LawyerFactory(mobile="", email="")
    (first,) = codes_in(staff.post(letter_url(lawyer), follow=True))
    time_machine.move_to("2026-12-01 09:05:00+08:00", tick=False)
    (second,) = codes_in(staff.post(letter_url(lawyer), follow=True))
    begin(client, lawyer)

    assert first != second
    assert "激活码不正确或已失效" in page_text(client.post(ACTIVATE_URL, {"verify": "1", "code": first}))
    assert client.post(ACTIVATE_URL, {"verify": "1", "code": second}).status_code == 302


def test_a_double_click_prints_the_same_letter_and_makes_one_code(staff):
    lawyer = LawyerFactory()

    first = codes_in(staff.post(letter_url(lawyer), follow=True))
    second = codes_in(staff.post(letter_url(lawyer), follow=True))

    assert first == second
    assert OneTimeCode.objects.count() == 1


def test_printing_again_keeps_the_live_code(staff, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+08:00", tick=False)
    lawyer = LawyerFactory()
    first = codes_in(staff.post(letter_url(lawyer), follow=True))
    time_machine.move_to("2026-12-02 09:00:00+08:00", tick=False)

    again = codes_in(staff.post(letter_url(lawyer), {"reprint": "1"}, follow=True))

    assert again == first
    assert OneTimeCode.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_whole_firm_gets_one_page_each_and_the_activated_are_skipped(staff):
    firm = FirmFactory()
    waiting = LawyerFactory.create_batch(3, firm=firm)
    done = MemberUserFactory(lawyer=LawyerFactory(firm=firm))
    LawyerFactory(firm=firm, cancelled=True)

    response = staff.post(letter_url(firm), {"scope": "firm"}, follow=True)

    text = pdf_text(response.content)
    assert len(codes_in(response)) == 4  # the firm and its three lawyers waiting
    assert all(lawyer.name in text for lawyer in waiting)
    assert done.lawyer.name not in text


def test_a_member_who_changed_the_password_gets_no_letter(staff):
    user = MemberUserFactory()

    response = staff.post(letter_url(user.lawyer), follow=True)

    assert "所选会员均已激活" in page_text(response)
    assert not OneTimeCode.objects.exists()


def test_every_letter_is_recorded_on_the_account(staff):
    lawyer = LawyerFactory()
    staff.post(letter_url(lawyer), follow=True)

    response = staff.get(f"/admin/lawyer/inspect/{lawyer.pk}/")

    html = page_text(response)
    assert "生成激活函" in html
    assert "激活函有效期至" in html


def test_staff_without_the_roster_permission_cannot_make_letters(client):
    lawyer = LawyerFactory()
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))

    assert client.post(letter_url(lawyer)).status_code in (302, 403)  # Wagtail: back to /admin/ with a message
    assert not OneTimeCode.objects.exists()


def test_a_member_cannot_reach_the_letters(lawyer_client, lawyer):
    response = lawyer_client.post(letter_url(lawyer))

    assert response.status_code in (302, 403)
    assert not OneTimeCode.objects.filter(channel=CodeChannel.LETTER).exists()


def test_the_letters_are_laid_out_by_the_worker_not_in_the_request(staff, monkeypatch):
    jobs = []
    monkeypatch.setattr(printing, "enqueue", lambda func, *args: jobs.append(args))  # the worker not yet run
    lawyer = LawyerFactory(mobile="", email="")

    response = staff.post(letter_url(lawyer))
    pending = staff.get(response["Location"])
    printing.render_print(*jobs.pop())
    done = staff.get(response["Location"])

    assert response.status_code == 302
    assert pending.status_code == 202
    assert "激活函生成中" in page_text(pending)
    assert len(codes_in(done)) == 1
    assert OneTimeCode.objects.filter(channel=CodeChannel.LETTER).count() == 1


def test_another_staff_member_cannot_open_the_letters_print(staff):
    lawyer = LawyerFactory(mobile="", email="")
    location = staff.post(letter_url(lawyer))["Location"]
    other = Client()
    other.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))

    assert other.get(location).status_code == 404
    assert staff.get(location)["Content-Type"] == "application/pdf"


def test_a_reset_then_a_letter_lets_a_member_without_phone_back_in(staff, client):
    user = MemberUserFactory(lawyer=LawyerFactory(mobile="", email=""))
    services.reset_to_initial_password(user.lawyer, by=StaffUserFactory(superuser=True))
    (code,) = codes_in(staff.post(letter_url(user.lawyer), follow=True))

    begin(client, user.lawyer)
    client.post(ACTIVATE_URL, {"verify": "1", "code": code})

    assert logged_in_user_id(client) == str(user.pk)
