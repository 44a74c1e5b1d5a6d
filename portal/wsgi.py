"""The entry point for application servers: production settings unless told otherwise (a
deployment whose environment forgets DJANGO_SETTINGS_MODULE must not serve with DEBUG on)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from portal.pagecache import PageCacheApplication  # noqa: E402 - once Django is set up

# A kept public page is answered before Django's handler (portal.pagecache).
application = PageCacheApplication(django_application)
