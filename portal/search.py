"""Staff searches that stay fast on large tables (certificate applications, sign-ups, messages:
200,000 rows and more).

A staff search box is an ORM "contains" (`icontains`), which PostgreSQL compiles to
`UPPER("col"::text) LIKE UPPER(%s)`. Two pieces make it use an index there:

- `TrigramIndexes`, a migration operation: on PostgreSQL only, pg_trgm and a GIN trigram index
  on exactly that expression, `upper(col::text) gin_trgm_ops`, which serves LIKE '%…%' and `=`
  (iexact). SQLite gets nothing: it scans, and returns the same rows.
- `any_of`: a search over several tables (the applicant's name lives on the roster) as one
  `pk IN (… UNION …)`, each arm over one table. An OR across joined tables makes PostgreSQL read
  every row; each arm of the UNION uses its own table's index.

A trigram needs three characters: a query of one or two (a surname, a two-character name) has
none, and is still a scan.
"""

from django.db import migrations

# Up to this many rows found go into the listing's query as ids; more, as the UNION subquery.
FEW_ROWS = 500


def any_of(queryset, *arms):
    """The rows of `queryset` whose pk one of `arms` (querysets of one column: pks of its model)
    yields. When few, as their ids: a listing joining more tables than PostgreSQL reorders
    (join_collapse_limit) would otherwise join every row before keeping the subquery's few."""
    first, *rest = (arm.order_by() for arm in arms)  # a UNION's arms may not be ordered
    found = first.union(*rest) if rest else first
    few = [next(iter(row.values())) for row in found[: FEW_ROWS + 1]]
    return queryset.filter(pk__in=few if len(few) <= FEW_ROWS else found)


def trigram_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[-63:]  # PostgreSQL's limit on a name; the end tells them apart


class TrigramIndexes(migrations.RunPython):
    """GIN trigram indexes on `upper(column::text)` of `table` for each column (PostgreSQL only)."""

    def __init__(self, table: str, *columns: str):
        self.table, self.columns = table, columns
        super().__init__(self._create, self._drop, hints={"trigram_table": table})

    def deconstruct(self):
        return self.__class__.__name__, (self.table, *self.columns), {}

    def describe(self):
        return f"Trigram indexes on {self.table} ({', '.join(self.columns)}), PostgreSQL only"

    def _create(self, apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in self.columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(trigram_index_name(self.table, column))} "
                f"ON {quote(self.table)} USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
            )

    def _drop(self, apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in self.columns:
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(trigram_index_name(self.table, column))}"
            )
