"""The public pages and the member dashboard in one process, with and without the anonymous page
cache (portal.pagecache, issue 17): CPU ms and queries per request, beside the floor view.

Run it on a database that `seed_demo` has loaded (`make db` makes one), never a production one:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python -m bench.pagecache
    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python -m bench.pagecache

It uses the development settings with DEBUG off, so the cache is what they choose: the database
cache without REDIS_URL (as production without Redis), Redis with it. The dashboard is measured
for the first activated lawyer account whose initial password is replaced (none: no dashboard row).
It writes only the cache, sessions and that account's last login (force_login).
"""

import argparse
import os


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (100)")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up requests per page (5)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to a database seed_demo has loaded")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from bench.measure import measure_one
    from bench.urls import FLOOR_PATH
    from member_center.models import User
    from notices.models import NewsIndexPage, NewsPage

    news_index = NewsIndexPage.objects.live().first()
    news = NewsPage.objects.live().order_by("-date").first()
    # A lawyer who has activated the account and replaced the initial password.
    member = User.objects.filter(lawyer__isnull=False, must_change_password=False, activated_at__isnull=False).first()
    pages = [
        ("floor", FLOOR_PATH, None),
        ("home", "/", None),
        ("news index", news_index.url, None),
        ("news page", news.url, None),
        ("/verify/", "/verify/", None),
    ]
    if member is not None:
        pages.append(("member dashboard", "/member/", member))
    cache_on = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    print(f"cache: {settings.CACHES['default']['BACKEND']}; sessions: {settings.SESSION_ENGINE}")
    print("| page | who | page cache | CPU median ms | median ms | queries |")
    print("|---|---|---|---:|---:|---:|")
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]):
        for label, path, user in pages:
            variants = [("off", 0)] + ([("on", cache_on)] if cache_on and user is None and label != "floor" else [])
            for name, seconds in variants:
                client = Client()
                if user is not None:
                    client.force_login(user, backend="member_center.backends.PortalBackend")
                with override_settings(PAGE_CACHE_SECONDS=seconds):
                    result = measure_one(client, path, args.requests, args.warmup)
                if "error" in result:
                    print(f"| {label} | – | {name} | {result['error']} | | |")
                    continue
                who = "lawyer" if user else "anonymous"
                print(
                    f"| {label} `{path}` | {who} | {name} | {result['cpu_median_ms']} | {result['median_ms']} "
                    f"| {result['queries']} |"
                )
                for shape in result["shapes"]:
                    print(f"|   | | | | | {shape[:150]} |")


if __name__ == "__main__":
    main()
