"""Run by tests/portal/test_sqlite_concurrency.py in its own process: a real SQLite file
database (the test suite's is in memory), migrated, then COUNT threads submitting certificate
applications at the same moment, each on its own connection. Prints a JSON summary."""

import json
import os
import sys
import threading

sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 12


def main():
    call_command("migrate", verbosity=0)
    from certificates.models import CertificateApplication, CertificateSettings, LawyerScope
    from tests.certificates.helpers import CertificateTypeFactory, submitted
    from tests.factories import FirmFactory

    certificate_type = CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True)
    firms = FirmFactory.create_batch(COUNT)
    CertificateSettings.load()
    connection.close()

    barrier = threading.Barrier(COUNT)
    numbers, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=30)
            numbers.append(submitted(firms[i], certificate_type).number)
        except Exception as error:  # counted in the summary
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(COUNT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(
        json.dumps(
            {
                "options": connection.settings_dict.get("OPTIONS", {}),
                "numbers": sorted(numbers),
                "errors": errors,
                "stored": CertificateApplication.objects.count(),
            }
        )
    )


main()
