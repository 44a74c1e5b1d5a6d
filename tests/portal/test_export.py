"""portal.staff.ChunkedExportMixin's CSV: a cell someone typed as a formula comes out as text
(the xlsx path already writes such a cell as a string)."""

import pytest
from django.test import Client
from django.urls import reverse

from member_center import roles
from portal.staff import csv_safe
from tests.cards.helpers import apply
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import csv_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://evil.example/","点击")', '\'=HYPERLINK("http://evil.example/","点击")'),
        ("+86 20 3888 0000", "'+86 20 3888 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("广州市天河区=路", "广州市天河区=路"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_csv_safe(typed, written):
    assert csv_safe(typed) == written


def test_the_csv_export_writes_a_formula_as_text():
    apply(LawyerFactory(name="=1+2"))
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    response = client.get(reverse("wagtailsnippets_cards_cardapplication:list"), {"export": "csv"})
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E4%BC%9A%E5%91%98%E5%8D%A1%E7%94%B3%E8%AF%B7.csv"
    )
    rows = csv_rows(response)
    assert rows[1][1] == "'=1+2"
