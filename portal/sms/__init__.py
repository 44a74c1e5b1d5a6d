"""Text messages (短信), in the style of django.core.mail: a backend chosen by a setting.

    SMS_BACKEND = "portal.sms.backends.console.SmsBackend"   # development: printed to stdout
    SMS_BACKEND = "portal.sms.backends.filebased.SmsBackend"  # one file per message in SMS_FILE_PATH
    SMS_BACKEND = "portal.sms.backends.locmem.SmsBackend"     # tests: portal.sms.outbox
    SMS_BACKEND = "portal.sms.backends.http.SmsBackend"       # production: the provider's gateway

A provider without an HTTP gateway of that shape gets its own backend: a subclass of
portal.sms.backends.base.BaseSmsBackend implementing send_messages() (docs/deploy.md).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

# What the in-memory backend has sent (tests read it, as django.core.mail.outbox).
outbox: list["SmsMessage"] = []


@dataclass(frozen=True)
class SmsMessage:
    """One text message to one mobile number; `body` already carries the signature."""

    to: str
    body: str


def signed(text: str) -> str:
    """The text with the association's signature in front, as Chinese carriers require."""
    return f"{settings.SMS_SIGNATURE}{text}"


def get_connection(backend: str | None = None, **kwargs):
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


def send_sms(to: str, text: str, connection=None) -> int:
    """Send one message now; raises SmsError when the backend could not hand it over."""
    connection = connection or get_connection()
    return connection.send_messages([SmsMessage(to=to, body=signed(text))])


class SmsError(Exception):
    """The message did not leave (the gateway refused it or did not answer)."""
