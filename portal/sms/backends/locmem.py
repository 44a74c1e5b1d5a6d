from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Tests: messages appended to portal.sms.outbox."""

    def send_messages(self, messages) -> int:
        from portal import sms

        sms.outbox.extend(messages)
        return len(messages)
