import datetime

from django.core.management.base import BaseCommand

from portal.reconcile import STUCK_AFTER, reconcile


class Command(BaseCommand):
    help = "Queue again every job a lost worker or broker left undone (certificate PDFs, mails)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(STUCK_AFTER.total_seconds() // 60),
            help="only what has waited longer than this (default: %(default)s)",
        )

    def handle(self, *args, minutes, **options):
        counts = reconcile(datetime.timedelta(minutes=minutes))
        for what, count in counts.items():
            self.stdout.write(f"{what}: {count}")
