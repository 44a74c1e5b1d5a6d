"""A test root CA and issuing CA for development and the demo (`make run` calls this).

Idempotent: makes what is missing under SIGNING_PKI_DIR (outside the repository) and re-issues
the root's CRL when it is due. Production uses the association's real keys instead (docs/deploy.md).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from certificates import pki


class Command(BaseCommand):
    help = "Make the association's test root and issuing CA (ECDSA P-256) for development and the demo."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.SIGNING_PKI_DIR), help="where the keys go (SIGNING_PKI_DIR)")
        parser.add_argument(
            "--base-url",
            default=settings.PORTAL_BASE_URL or "http://127.0.0.1:8000",
            help="the portal's address, for the root CRL and CA certificate URLs in the issuing CA",
        )
        parser.add_argument(
            "--revoke-signing",
            action="store_true",
            help="put the current issuing CA on the root's CRL and make a new one",
        )

    def handle(self, *args, dir, base_url, revoke_signing, **options):
        files, done = pki.ensure_test_pki(Path(dir), base_url, settings.CERTIFICATE_SIGNING_ISSUER)
        if revoke_signing:
            serial = pki.revoke_signing_cert(files, base_url, settings.CERTIFICATE_SIGNING_ISSUER)
            done.append(f"revoked issuing CA {serial:x}, made a new one, re-issued the root CRL")
        self.stdout.write(f"{files.directory}: {', '.join(done) if done else 'up to date'}")
