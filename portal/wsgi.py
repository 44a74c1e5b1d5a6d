"""The entry point for application servers: production settings unless told otherwise (a
deployment whose environment forgets DJANGO_SETTINGS_MODULE must not serve with DEBUG on)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()
