"""A field's value in words, the same on the member's pages, the PDF, the staff review page and
in the change log: choices by their label, lists joined with 、, dates as 2016-04-06."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

EMPTY = "—"


def display_value(instance, name: str, empty: str = EMPTY) -> str:
    value = getattr(instance, name)
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        field = None  # a value kept elsewhere, e.g. the profile's 手机号码 on the account
    if value in (None, "", [], {}):
        return empty
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
