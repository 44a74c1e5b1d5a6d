"""seed_demo runs the loaders that the apps register with the hook `register_demo_data`, in
their order, passing one shared dict; it imports no feature app itself."""

import ast
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail import hooks

from member_center import demo as roster_demo

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = ("home", "notices", "certificates", "member_center.profiles")


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


def test_the_apps_register_their_loaders_in_order():
    loaders = [fn.__module__ for fn in hooks.get_hooks("register_demo_data")]

    assert loaders == [
        "home.demo",
        "member_center.demo",
        "certificates.demo",
        "member_center.profiles.demo",
        "member_center.tickets.demo",
        "notices.demo",
        "activities.demo",
        "member_center.cards.demo",
    ]


def test_seed_demo_calls_a_registered_loader_with_the_shared_dict(private_media):
    seen = {}

    def early(demo):
        seen["early"] = sorted(demo)
        return None

    def after_the_roster(demo):
        seen["after_the_roster"] = sorted(demo)
        seen["mingfa"] = demo["roster"]["mingfa"].name
        demo["extra"] = True
        return ["一个测试加载器"]

    with (
        hooks.register_temporarily("register_demo_data", early, order=roster_demo.DEMO_ORDER_PAGES - 1),
        hooks.register_temporarily("register_demo_data", after_the_roster, order=roster_demo.DEMO_ORDER_ROSTER + 1),
    ):
        out = seed()

    assert seen["early"] == ["admin"]
    assert seen["after_the_roster"] == ["admin", "home", "roster"]
    assert seen["mingfa"] == "广州明法律师事务所"
    assert "广州正信律师事务所, 一个测试加载器, staff user 'admin'." in out


def test_seed_demo_prints_the_summary(private_media):
    out = seed()

    assert out.strip() == "Demo data ready: 广州明法律师事务所 (15 lawyers), 广州正信律师事务所, staff user 'admin'."


def test_seed_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "portal.settings.production"

    with pytest.raises(CommandError, match="生产环境"):
        seed()


@pytest.mark.parametrize("module", ["member_center/management/commands/seed_demo.py", "member_center/roles.py"])
def test_the_core_imports_no_feature_app(module):
    imported = imported_modules(ROOT / module)

    assert not {name for name in imported if name.startswith(FEATURE_APPS)}
