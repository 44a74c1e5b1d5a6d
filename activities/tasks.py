"""django-q2 jobs of 活动报名: the hourly reminders (scheduled by services.after_migrate)."""

from . import services


def send_reminders() -> dict:
    return services.send_reminders()
