import logging

from csp.middleware import CSPMiddleware
from django.conf import settings

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere, except the Wagtail admin which needs inline scripts."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.ADMIN_URL_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class ServiceUnavailableMiddleware:
    """A Chinese 503 page when a service the request needs is down (the database, the rate-limit
    store), instead of a 500. The page needs neither: a static template, no context processors.
    The request's transaction (if any) has already rolled back, so nothing is half-written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        from .ratelimits import ServiceUnavailable

        if isinstance(exception, ServiceUnavailable):
            message = exception.message
        elif isinstance(exception, (OperationalError, InterfaceError)) and _database_is_down():
            message = "系统暂时无法访问数据库，请稍后再试。您刚才提交的内容未被保存。"
        else:
            return None
        logger.error("503 for %s: %s", getattr(request, "path", "?"), exception)
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = "60"
        return response


def _database_is_down() -> bool:
    """An OperationalError is also "database is locked" or a bad query; only a dead connection is a 503."""
    from django.db import connection

    try:
        if not connection.in_atomic_block:  # inside one, closing would drop the transaction
            connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:  # (re)connects if it must
            cursor.execute("SELECT 1")
    except Exception:
        return True
    return False
