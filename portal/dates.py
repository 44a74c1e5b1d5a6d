"""The one range check of every date a member types (profiles, certificates, tickets, cards).

A date field accepts any year from 1 to 9999, so a slip of the keyboard (0199-05-01 for
1999-05-01, 20166-01-01) passes as a date and later breaks whatever reads it (a PDF, a
certificate's wording, Excel). A plausible range, checked by the field itself so the message
stands beside it:

    plausible_dates(form)              # every DateField of a form
    limit_date(form.fields["start_on"], latest=timezone.localdate)
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 50  # an end date (任期至, 有效期至) may lie ahead, not centuries ahead


def latest_default() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


@deconstructible
class PlausibleDate:
    """A validator: the date lies between `earliest` and `latest` (a date, or a function giving
    one when the check runs, e.g. timezone.localdate)."""

    code = "date_range"

    def __init__(self, earliest=EARLIEST, latest=latest_default):
        self.earliest, self.latest = earliest, latest

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        return earliest, latest

    def __call__(self, value):
        if not isinstance(value, datetime.date):
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        earliest, latest = self.bounds()
        if not earliest <= value <= latest:
            raise ValidationError(self.message(), code=self.code)

    def message(self) -> str:
        earliest, latest = self.bounds()
        return f"请输入 {earliest:%Y-%m-%d} 至 {latest:%Y-%m-%d} 之间的日期。"

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and self.bounds() == other.bounds()


def limit_date(field: forms.Field, earliest=EARLIEST, latest=latest_default) -> forms.Field:
    """Give a date field the range check (once), and the browser's date picker the same range."""
    if not any(isinstance(v, PlausibleDate) for v in field.validators):
        field.validators.append(PlausibleDate(earliest, latest))
    check = next(v for v in field.validators if isinstance(v, PlausibleDate))
    if isinstance(field, forms.DateField) and field.widget.input_type == "date":
        low, high = check.bounds()
        field.widget.attrs.update({"min": f"{low:%Y-%m-%d}", "max": f"{high:%Y-%m-%d}"})
    return field


def plausible_dates(form: forms.BaseForm, **bounds) -> forms.BaseForm:
    """Every date (and date-time) field of `form` with the range check."""
    for field in form.fields.values():
        if isinstance(field, (forms.DateField, forms.DateTimeField)):
            limit_date(field, **bounds)
    return form
