"""seed_demo: the demo data, loaded by the apps themselves through the Wagtail hook
`register_demo_data` (the contract and the loaders' orders: member_center/demo.py).
This command imports no feature app."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from member_center.models import User
from member_center.roles import ensure_staff_groups

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "admin-demo"  # demo only: seed_demo refuses production settings


class Command(BaseCommand):
    help = "Load the demo data: pages, the demo roster and a staff superuser. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with production settings")

    def handle(self, *args, force=False, **options):
        # SETTINGS_MODULE is None under override_settings (e.g. a live-server test).
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not force:
            raise CommandError("seed_demo 会写入演示账号和数据，生产环境下拒绝运行；确有需要请加 --force。")
        summary = []
        with transaction.atomic():
            ensure_staff_groups()
            demo = {"admin": self._admin()}
            for loader in hooks.get_hooks("register_demo_data"):
                summary.extend(loader(demo) or [])
        summary.append(f"staff user '{DEMO_ADMIN_USERNAME}'")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {', '.join(summary)}."))

    def _admin(self) -> User:
        admin, created = User.objects.get_or_create(
            username=DEMO_ADMIN_USERNAME,
            # Both names: Wagtail's 账号设置 requires them, so without a 姓 nothing there could be saved.
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "last_name": "系统",
                "first_name": "管理员",
                "email": "admin@example.cn",
            },
        )
        if created:
            admin.set_password(DEMO_ADMIN_PASSWORD)
            admin.save()
        return admin
