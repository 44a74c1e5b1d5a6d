import datetime
import os
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
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.file_path / f"{stamp}-{id(message)}-{os.getpid()}.log"
            with open(path, "w", encoding="utf-8") as stream:
                self.stream = stream
                super().send_messages([message])
        return len(messages)
