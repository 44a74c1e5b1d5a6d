# The staff search boxes' "contains" served by an index on PostgreSQL (portal.search); nothing on SQLite.

from django.db import migrations

from portal.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_plausible_dates"),
    ]

    operations = [
        TrigramIndexes("activities_signup", "name", "employer", "mobile", "code"),
    ]
