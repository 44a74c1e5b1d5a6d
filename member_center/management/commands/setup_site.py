"""setup_site: a real site on an empty database, without demo people. Runs the steps the apps
register with the Wagtail hook `register_site_setup` (the contract and the orders:
member_center/setup.py), then says what staff must do next. This command imports no feature app."""

import os

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from member_center.models import Firm, Lawyer, User


class Command(BaseCommand):
    help = "Set up a real site: pages, certificate types, staff roles. No demo people. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff-user",
            metavar="USERNAME",
            help="also create this staff superuser (password from DJANGO_SUPERUSER_PASSWORD, else set it "
            "afterwards with changepassword)",
        )
        parser.add_argument("--staff-email", default="", help="the --staff-user's e-mail")

    def handle(self, *args, staff_user=None, staff_email="", **options):
        setup = {"todo": []}
        done = []
        with transaction.atomic():
            for step in hooks.get_hooks("register_site_setup"):
                done.extend(step(setup) or [])
            if staff_user:
                done.extend(self._staff_user(staff_user, staff_email, setup))

        if done:
            self.stdout.write(self.style.SUCCESS(f"Site set up: {', '.join(done)}."))
        else:
            self.stdout.write(self.style.SUCCESS("Site already set up: nothing changed."))
        todo = [*setup["todo"], *self._core_todo()]
        if todo:
            self.stdout.write(
                "Still to do by hand, if not done yet (docs/deploy.md, “From an empty database to the first member”):"
            )
            for number, item in enumerate(todo, start=1):
                self.stdout.write(f"  {number}. {item}")

    def _staff_user(self, username: str, email: str, setup: dict) -> list[str]:
        if User.objects.filter(username=username).exists():
            return []
        user = User(username=username, email=email, is_staff=True, is_superuser=True)
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
            setup["todo"].append(f"为员工账号 {username} 设置密码：python manage.py changepassword {username}")
        user.save()
        return [f"员工账号 {username}"]

    def _core_todo(self) -> list[str]:
        todo = []
        # An unusable password starts with "!": such an account cannot log in yet.
        if not User.objects.filter(is_superuser=True, is_active=True).exclude(password__startswith="!").exists():
            todo.append(
                "创建第一个员工账号：python manage.py createsuperuser（或 setup_site --staff-user 用户名），"
                "再在 设置 → 用户 为其他员工分配角色（内容编辑、证明审核、会员管理……）。"
            )
        if not (Firm.objects.exists() or Lawyer.objects.exists()):
            todo.append(
                "导入会员名册：会员管理 → 名册导入（上传文件 → 试运行 → 确认导入）；"
                "名册的登记手机号码接收会员首次登录的验证码。"
            )
        return todo
