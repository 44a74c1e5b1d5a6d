"""培训记录 by hand: the lawyer is picked through the roster's chooser (member_center/lawyer_chooser.py),
never a <select> of the whole roster; the chooser searches by name, 执业证号 or pinyin."""

import datetime

import pytest
from django.urls import reverse

from activities.models import TrainingRecord
from member_center import roles
from member_center.models import Lawyer
from member_center.roster_search import name_pinyin, search
from tests.factories import FirmFactory, LawyerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(StaffUserFactory(roles=[roles.ACTIVITY_MANAGERS]))
    return client


def add_url():
    return reverse(TrainingRecord.snippet_viewset.get_url_name("add"))


def test_the_add_form_lists_no_lawyers(manager_client):
    firm = FirmFactory()
    lawyers = LawyerFactory.create_batch(30, firm=firm)

    response = manager_client.get(add_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="lawyer"' in html
    assert "<option" not in html.split('name="lawyer"')[1].split("</div>")[0]
    assert not any(lawyer.licence_no in html for lawyer in lawyers)
    assert reverse("lawyer_chooser:choose") in html


def test_saving_with_a_chosen_lawyer(manager_client):
    lawyer = LawyerFactory(name="张明文")

    response = manager_client.post(
        add_url(),
        {"lawyer": lawyer.pk, "course": "职业道德培训", "date": "2026-04-20", "training_type": "on_site",
         "hours": "4", "provider": "广州市律师协会"},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record = TrainingRecord.objects.get()
    assert record.lawyer == lawyer and record.hours == 4


def test_a_lawyer_who_does_not_exist_is_a_clear_error(manager_client):
    response = manager_client.post(
        add_url(),
        {"lawyer": 999999, "course": "职业道德培训", "date": "2026-04-20", "training_type": "on_site", "hours": "4"},
    )

    assert response.status_code == 200
    assert "lawyer" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_the_edit_form_shows_the_chosen_lawyer_only(manager_client):
    firm = FirmFactory()
    others = LawyerFactory.create_batch(10, firm=firm)
    lawyer = LawyerFactory(name="张明文", firm=firm)
    record = TrainingRecord.objects.create(
        lawyer=lawyer, course="职业道德培训", date=datetime.date(2026, 4, 20), training_type="on_site", hours=4
    )

    response = manager_client.get(reverse(TrainingRecord.snippet_viewset.get_url_name("edit"), args=[record.pk]))

    html = response.content.decode()
    assert response.status_code == 200 and "张明文" in html
    assert not any(other.licence_no in html for other in others)


@pytest.mark.parametrize("query", ["张明", "zhangmingwen", "zhang ming", "zmw", "ZMW"])
def test_the_chooser_finds_a_lawyer_by_name_or_pinyin(manager_client, query):
    lawyer = LawyerFactory(name="张明文")
    LawyerFactory(name="李红")

    response = manager_client.get(reverse("lawyer_chooser:choose_results"), {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert lawyer.licence_no in html and "李红" not in html


def test_the_chooser_finds_a_lawyer_by_licence_number(manager_client):
    lawyer = LawyerFactory(name="张明文")
    LawyerFactory(name="李红")

    response = manager_client.get(reverse("lawyer_chooser:choose_results"), {"q": lawyer.licence_no[:12]})

    assert lawyer.licence_no in response.content.decode()
    assert list(search(Lawyer.objects.all(), lawyer.licence_no)) == [lawyer]


def test_the_chooser_modal_opens(manager_client):
    LawyerFactory(name="张明文")

    response = manager_client.get(reverse("lawyer_chooser:choose"))

    assert response.status_code == 200
    assert "张明文" in response.json()["html"]


def test_pinyin_of_a_name():
    assert name_pinyin("张明文") == ("zhangmingwen", "zmw")


def test_staff_without_a_reason_to_see_the_roster_may_not_search_it(client):
    LawyerFactory(name="张明文")
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))

    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"lawyer_chooser:{name}"), {"q": "张"})
        assert response.status_code == 403 and "张明文" not in response.content.decode()
