import sys
import threading

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Development: each message printed where `make run` prints its mail."""

    def __init__(self, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, messages) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(f"---------- 短信 ----------\n收信号码：{message.to}\n{message.body}\n")
                self.stream.write("-" * 26 + "\n")
            self.stream.flush()
        return len(messages)
