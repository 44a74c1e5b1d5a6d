# The 消息记录 search box's "contains" served by an index on PostgreSQL (portal.search); nothing on SQLite.

from django.db import migrations

from portal.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_listing_indexes"),
    ]

    operations = [
        TrigramIndexes("notifications_notification", "title", "event", "email_to"),
    ]
