# The staff search boxes' "contains" served by an index on PostgreSQL (portal.search); nothing on SQLite.

from django.db import migrations

from portal.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0008_application_signing_serial"),
    ]

    operations = [
        TrigramIndexes("certificates_certificateapplication", "number", "applicant_name"),
    ]
