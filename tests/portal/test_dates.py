"""portal.dates: the one range check of the dates members type."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from portal.dates import limit_date, plausible_dates


class DatesForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    name = forms.CharField(required=False)


@pytest.mark.parametrize(
    ("typed", "valid"),
    [("0001-01-01", False), ("0199-05-01", False), ("1899-12-31", False), ("1900-01-01", True), ("2024-05-01", True),
     ("9999-12-31", False)],
)  # fmt: skip
def test_a_date_outside_the_plausible_range_is_refused_on_its_field(typed, valid):
    form = plausible_dates(DatesForm({"day": typed}))
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["day"][0].startswith("请输入 1900-01-01 至 ")


def test_the_latest_date_may_be_today():
    form = DatesForm({"day": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()})
    limit_date(form.fields["day"], latest=timezone.localdate)
    assert not form.is_valid()
    assert form.errors["day"] == [f"请输入 1900-01-01 至 {timezone.localdate():%Y-%m-%d} 之间的日期。"]


def test_the_date_picker_gets_the_same_range_and_the_check_is_added_once():
    form = DatesForm()
    plausible_dates(form)
    plausible_dates(form)
    assert form.fields["day"].widget.attrs["min"] == "1900-01-01"
    assert len(form.fields["day"].validators) == 1
    assert DatesForm().fields["day"].validators == []  # the class's field is untouched
