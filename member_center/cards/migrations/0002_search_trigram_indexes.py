# The staff search boxes' "contains" served by an index on PostgreSQL (portal.search); nothing on SQLite.

from django.db import migrations

from portal.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0001_initial"),
    ]

    operations = [
        TrigramIndexes("cards_cardapplication", "name", "licence_no", "number", "card_number"),
    ]
