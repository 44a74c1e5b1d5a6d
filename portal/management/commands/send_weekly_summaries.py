from django.core.management.base import BaseCommand

from portal import dashboard


class Command(BaseCommand):
    help = "Send the weekly summary (每周待办摘要) now to every staff member who asked for it."

    def handle(self, *args, **options):
        sent = dashboard.send_weekly_summaries()
        self.stdout.write(f"已发送 {sent} 封每周待办摘要。")
