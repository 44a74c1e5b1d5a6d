import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .. import SmsError
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """A provider's HTTP gateway: one POST per message of {"to": …, "text": …} as JSON to
    SMS_HTTP_URL, with `Authorization: Bearer SMS_HTTP_TOKEN`; any 2xx answer means accepted.

    Most Chinese SMS providers, or a small relay in front of them, take this shape; one that
    does not gets its own subclass of BaseSmsBackend (docs/deploy.md)."""

    def __init__(self, url=None, token=None, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.url = url or getattr(settings, "SMS_HTTP_URL", "")
        self.token = token if token is not None else getattr(settings, "SMS_HTTP_TOKEN", "")
        self.timeout = timeout or getattr(settings, "SMS_HTTP_TIMEOUT", 10)
        if not self.url:
            raise ImproperlyConfigured("The HTTP SMS backend needs SMS_HTTP_URL.")

    def send_messages(self, messages) -> int:
        for message in messages:
            data = json.dumps({"to": message.to, "text": message.body}, ensure_ascii=False).encode()
            request = urllib.request.Request(self.url, data=data, method="POST")
            request.add_header("Content-Type", "application/json; charset=utf-8")
            if self.token:
                request.add_header("Authorization", f"Bearer {self.token}")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read()
            except (urllib.error.URLError, OSError, ValueError) as failure:
                # HTTPError (a 4xx/5xx answer) is a URLError too.
                raise SmsError(f"SMS gateway refused or did not answer: {failure}") from failure
        return len(messages)
