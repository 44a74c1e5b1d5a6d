"""What a real site needs before its first member logs in, without any demo people.

The contract of the hook `register_site_setup`, through which each app gives setup_site its
part (registered in the app's wagtail_hooks.py, at the end of the file):

    hooks.register("register_site_setup", setup.setup_site, order=SETUP_ORDER_ROLES)

A step takes one argument, the dict `setup` shared by all steps: it starts as
{"todo": []}; a step may add what later ones need (the page step adds "home", the HomePage)
and appends to setup["todo"] what staff must still do by hand (e.g. upload the seal). It
returns a list of fragments naming what it created or changed this time, so an empty list
means "nothing to do": setup_site reports a second run as unchanged. Steps run in order inside
one transaction and must be idempotent, and never create demo people, pages or records.

The parts shared with seed_demo (the page tree's sections, the certificate types, the roles)
are built by the same functions in both, so the demo is a real site plus fictional content."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Site

from .roles import ensure_staff_groups, staff_roles

# The steps' orders: the roles first, the pages before what hangs under them, the site's
# address last (the page step makes the Site).
SETUP_ORDER_ROLES = 50
SETUP_ORDER_PAGES = 100
SETUP_ORDER_CERTIFICATES = 300
SETUP_ORDER_ACTIVITIES = 550
SETUP_ORDER_SITE_ADDRESS = 900


def _role_links() -> int:
    return Group.permissions.through.objects.filter(group__name__in=list(staff_roles())).count()


def setup_roles(setup: dict) -> list[str]:
    """The staff roles with their permissions (post_migrate keeps them too: this makes sure)."""
    groups_before, links_before = Group.objects.filter(name__in=list(staff_roles())).count(), _role_links()
    ensure_staff_groups()
    done = []
    groups_after = Group.objects.filter(name__in=list(staff_roles())).count()
    if groups_after > groups_before:
        done.append(f"{groups_after - groups_before} 个员工角色")
    elif _role_links() > links_before:
        done.append("员工角色的权限")
    return done


def setup_site_address(setup: dict) -> list[str]:
    """The default Wagtail Site answers on PORTAL_BASE_URL's host (Wagtail builds page URLs
    from it); left alone when unset, as in development."""
    if not settings.PORTAL_BASE_URL:
        setup["todo"].append("未设置 PORTAL_BASE_URL：站点地址保持 localhost（生产环境必须设置，见 docs/deploy.md）。")
        return []
    address = urlsplit(settings.PORTAL_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (address.hostname, port):
        return []
    site.hostname, site.port = address.hostname, port
    site.save()
    return [f"站点地址 {address.hostname}:{port}"]
