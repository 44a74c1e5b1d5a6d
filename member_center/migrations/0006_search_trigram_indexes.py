# The staff search boxes' "contains" served by an index on PostgreSQL (portal.search); nothing on SQLite.

from django.db import migrations

from portal.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("member_center", "0005_user_weekly_summary"),
    ]

    operations = [
        TrigramIndexes("member_center_lawyer", "name", "licence_no", "member_no"),
        TrigramIndexes("member_center_firm", "name", "licence_no", "member_no", "credit_code"),
        TrigramIndexes("member_center_user", "username"),
    ]
