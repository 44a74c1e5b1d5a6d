import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .console import SmsBackend as ConsoleSmsBackend


class SmsBackend(ConsoleSmsBackend):
    """One file per message under SMS_FILE_PATH, as Django's file mail backend does for mail."""

    def __init__(self, file_path=None, **kwargs):
        self.file_path = Path(file_path or getattr(settings, "SMS_FILE_PATH", "") or "")
        if not str(self.file_path) or str(self.file_path) == ".":
            raise ImproperlyConfigured("The file SMS backend needs SMS_FILE_PATH (a folder).")
        self.file_path.mkdir(parents=True, exist_ok=True)
        super().__init__(**kwargs)

    def send_messages(self, messages) -> int:
        for message in messages:
            # A random part: id() of a collected message is reused at once, so two
            # messages in the same second would share a name and the second overwrite the first.
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.file_path / f"{stamp}-{uuid.uuid4().hex}.log"
            with open(path, "x", encoding="utf-8") as stream:
                self.stream = stream
                super().send_messages([message])
        return len(messages)
