from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    """The core: system checks, the periodic jobs every deployment needs, `reconcile_jobs`."""

    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks, health, reconcile, sessions  # noqa: F401  (registers the checks)

        post_migrate.connect(reconcile.ensure_schedules, sender=self)
        user_logged_in.connect(sessions.start_idle_clock, dispatch_uid="portal-idle-clock")
