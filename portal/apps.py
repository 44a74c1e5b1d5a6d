from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    """The core: system checks, the periodic jobs every deployment needs (reconciliation, the
    heartbeat, the staff's weekly summary), `reconcile_jobs`."""

    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from auditlog.models import LogEntry
        from django.contrib.auth.signals import user_logged_in

        from . import checks, dashboard, health, pagecache, reconcile, sessions, writes  # noqa: F401  (registers the checks)

        # Sent for django_q, whose tables the schedules live in: post_migrate never comes for an
        # app without models, as the portal is, so sender=self would never run them.
        django_q = apps.get_app_config("django_q")
        post_migrate.connect(reconcile.ensure_schedules, sender=django_q)
        post_migrate.connect(dashboard.ensure_summary_schedule, sender=django_q)
        user_logged_in.connect(sessions.start_idle_clock, dispatch_uid="portal-idle-clock")
        pagecache.connect_signals()
        writes.connect()
        # Audit entries (one per state change, portal.audit) are no Wagtail content either: out of
        # Wagtail's reference index, which would reload and index each in the request. Set before
        # the admin's viewsets register the model, when the URLs load.
        LogEntry.wagtail_reference_index_ignore = True
