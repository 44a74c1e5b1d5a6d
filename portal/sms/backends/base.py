class BaseSmsBackend:
    """What every SMS backend does: hand messages over, say how many left, raise
    portal.sms.SmsError when one could not."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages) -> int:
        raise NotImplementedError
