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


# --- staff-side dates: activities and 公文 (model validators, so the Wagtail forms and imports alike)


@pytest.mark.django_db
def test_an_imported_training_date_before_1900_is_a_row_error():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activities import importing
    from tests.factories import LawyerFactory

    lawyer = LawyerFactory()
    csv = f"执业证号,课程名称,培训日期,学时\n{lawyer.licence_no},职业道德培训,0199-05-01,4\n"

    result = importing.read(SimpleUploadedFile("a.csv", csv.encode()))

    [(row, message)] = result.errors
    assert row == 2 and "0199-05-01" in message and "1900-01-01" in message


@pytest.mark.parametrize(
    ("model_path", "field"),
    [
        ("activities.models.ActivityPage", "starts_at"),
        ("activities.models.ActivityPage", "ends_at"),
        ("activities.models.ActivityPage", "signup_opens"),
        ("activities.models.ActivityPage", "signup_closes"),
        ("activities.models.TrainingRecord", "date"),
        ("notices.models.OfficialDocument", "received_on"),
        ("notices.models.OfficialDocument", "issued_on"),
        ("notices.models.NoticePage", "date"),
    ],
)
def test_staff_date_fields_refuse_an_implausible_year_beside_the_field(model_path, field):
    from django.core.exceptions import ValidationError
    from django.utils.module_loading import import_string

    model_field = import_string(model_path)._meta.get_field(field)
    wrong = datetime.date(201, 5, 1)
    if model_field.get_internal_type() == "DateTimeField":
        wrong = datetime.datetime(201, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as refused:
        model_field.run_validators(wrong)
    assert "请输入 1900-01-01 至" in refused.value.messages[0]
