"""Settings: production refuses to start without its secrets and passes `check --deploy`; the
Content-Security-Policy; django-q2 runs jobs synchronously in the tests."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = "portal.settings.production"
# Variables of the caller's environment that would change what the settings read.
SETTINGS_VARIABLES = {
    "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "REDIS_URL", "EMAIL_URL", "EMAIL_FILE_PATH",
    "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "PORTAL_BASE_URL",
    "REDIS_CACHE_URL", "TRUSTED_PROXY_COUNT", "SMS_BACKEND", "SMS_FILE_PATH", "SMS_HTTP_URL",
    "CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT", "CERTIFICATE_SIGNING_CHAIN", "CERTIFICATE_CA_CERT",
    "CERTIFICATE_CRL_FILE", "CERTIFICATE_TSA_URL",
    # set for the browser tests (tests/e2e/conftest.py); never in a deployment
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def run_python(args: list[str], settings_module=PRODUCTION, **variables) -> subprocess.CompletedProcess:
    """Run the project's Python in a clean environment with the production settings (or with
    `settings_module=None`, none chosen)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(**variables)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def production_env(tmp_path):
    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "portal.example.cn",
        "PORTAL_BASE_URL": "https://portal.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.cn:587",
        "SMS_BACKEND": "portal.sms.backends.http.SmsBackend",
        "SMS_HTTP_URL": "https://sms-relay.example.cn/send",
        # the test run's CA (portal.settings.test) stands in for the association's
        "CERTIFICATE_SIGNING_KEY": settings.CERTIFICATE_SIGNING_KEY,
        "CERTIFICATE_SIGNING_CERT": settings.CERTIFICATE_SIGNING_CERT,
        "CERTIFICATE_SIGNING_CHAIN": settings.CERTIFICATE_SIGNING_CHAIN,
    }


@pytest.fixture
def no_dotenv():
    dotenv = settings.BASE_DIR / ".env"
    if dotenv.exists() and "SECRET_KEY" in dotenv.read_text():
        pytest.skip(".env provides a SECRET_KEY")


def test_production_settings_refuse_to_load_without_secret_key(no_dotenv):
    result = run_python(["-c", "import django; django.setup()"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_load_without_allowed_hosts(no_dotenv):
    result = run_python(["-c", "import django; django.setup()"], SECRET_KEY=secrets.token_urlsafe(60))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_refuse_to_load_without_the_portals_address(production_env, no_dotenv):
    del production_env["PORTAL_BASE_URL"]
    result = run_python(["-c", "import django; django.setup()"], **production_env)

    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def test_production_settings_load_with_their_environment(production_env):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.SESSION_COOKIE_SECURE)"
    )

    result = run_python(["-c", code], **production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['portal.example.cn']", "django.db.backends.sqlite3", "True"]


def test_check_deploy_reports_no_errors(production_env):
    result = run_python(["manage.py", "check", "--deploy"], **production_env)

    assert result.returncode == 0, result.stderr
    assert "ERRORS" not in result.stderr


def test_check_deploy_reports_no_issues_at_all(production_env):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(production_env, tmp_path):
    # DEBUG=True in the environment: production forces it off, so check the dev settings' way in.
    result = run_python(["manage.py", "check", "--deploy"], settings_module="portal.settings.dev", **production_env)

    assert result.returncode != 0
    assert "portal.E001" in result.stderr


def test_check_deploy_fails_when_mail_would_go_to_the_console(production_env):
    del production_env["EMAIL_URL"]
    result = run_python(["manage.py", "check", "--deploy"], **production_env)

    assert result.returncode != 0
    assert "portal.E002" in result.stderr


def test_check_deploy_fails_without_an_sms_gateway(production_env):
    del production_env["SMS_BACKEND"]  # the console backend: codes would reach no phone

    result = run_python(["manage.py", "check", "--deploy"], **production_env)

    assert result.returncode != 0
    assert "portal.E004" in result.stderr


def test_check_deploy_fails_without_a_signing_key(production_env):
    del production_env["CERTIFICATE_SIGNING_KEY"]  # issued certificates would go out unsigned

    result = run_python(["manage.py", "check", "--deploy"], **production_env)

    assert result.returncode != 0
    assert "portal.E005" in result.stderr


def test_check_deploy_fails_when_the_signing_key_cannot_be_read(production_env, tmp_path):
    production_env["CERTIFICATE_SIGNING_KEY"] = str(tmp_path / "missing.key.pem")

    result = run_python(["manage.py", "check", "--deploy"], **production_env)

    assert result.returncode != 0
    assert "portal.E005" in result.stderr


@pytest.mark.parametrize("entry", ["portal.wsgi", "portal.asgi"])
def test_the_application_servers_entry_points_default_to_production(production_env, entry):
    code = f"import {entry}; from django.conf import settings as s; print(s.SETTINGS_MODULE, s.DEBUG)"
    result = run_python(["-c", code], settings_module=None, DEBUG="True", **production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [PRODUCTION, "False"]


def test_manage_py_still_defaults_to_development():
    code = "import runpy, sys; sys.argv = ['manage.py', 'diffsettings', '--all']; runpy.run_path('manage.py', run_name='__main__')"
    result = run_python(["-c", code], settings_module=None)

    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE = 'portal.settings.dev'" in result.stdout


def test_with_redis_the_cache_and_the_broker_use_different_databases(production_env):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['LOCATION'], s.Q_CLUSTER['redis'])"
    )
    result = run_python(["-c", code], REDIS_URL="redis://127.0.0.1:6379/0", **production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/0"]


def test_check_deploy_refuses_a_cache_sharing_the_brokers_database(production_env):
    result = run_python(
        ["manage.py", "check", "--deploy"],
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_CACHE_URL="redis://127.0.0.1:6379/0",
        **production_env,
    )

    assert result.returncode != 0
    assert "portal.E003" in result.stderr


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/member/login/"])
def test_public_pages_and_member_centre_forbid_inline_scripts(client, url):
    directives = csp_directives(client.get(url))

    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert directives["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_admin_gets_a_policy_allowing_inline_scripts(client):
    directives = csp_directives(client.get("/admin/login/"))

    assert "'unsafe-inline'" in directives["script-src"]
    assert "'self'" in directives["script-src"]


def test_q_cluster_runs_jobs_synchronously_on_the_configured_broker():
    from django_q.conf import Conf

    assert settings.Q_CLUSTER["sync"] is True
    assert Conf.SYNC is True
    if settings.REDIS_URL:
        assert "orm" not in settings.Q_CLUSTER
        assert settings.Q_CLUSTER["redis"] != settings.CACHES["default"]["LOCATION"]
    else:
        assert settings.Q_CLUSTER["orm"] == "default"
        assert "redis" not in settings.Q_CLUSTER
        assert Conf.ORM == "default"


def test_a_job_worker_is_replaced_once_its_memory_passes_250_mib():
    from django_q.conf import Conf

    assert Conf.MAX_RSS == 250 * 1024  # KiB, as django-q2 compares it with ru_maxrss
