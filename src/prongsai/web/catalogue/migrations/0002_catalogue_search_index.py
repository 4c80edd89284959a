"""The full-text index over catalogue_catalogueentry.search_terms: GIN indexes on PostgreSQL (config 'simple',
the same expression the search filters by), an FTS5 table kept in step by triggers on SQLite."""

from collections.abc import Callable
from typing import Any

from django.db import migrations

FTS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"  # Thai vowels and tone marks are M*

SQLITE = [
    "CREATE VIRTUAL TABLE catalogue_entry_fts USING fts5(search_terms, content='catalogue_catalogueentry', "
    f'content_rowid=\'id\', tokenize="{FTS_TOKENIZER}")',
    "CREATE TRIGGER catalogue_entry_fts_insert AFTER INSERT ON catalogue_catalogueentry BEGIN "
    "INSERT INTO catalogue_entry_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
    "CREATE TRIGGER catalogue_entry_fts_delete AFTER DELETE ON catalogue_catalogueentry BEGIN "
    "INSERT INTO catalogue_entry_fts(catalogue_entry_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); END",
    "CREATE TRIGGER catalogue_entry_fts_update AFTER UPDATE OF search_terms ON catalogue_catalogueentry BEGIN "
    "INSERT INTO catalogue_entry_fts(catalogue_entry_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO catalogue_entry_fts(rowid, search_terms) VALUES (new.id, new.search_terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER catalogue_entry_fts_update",
    "DROP TRIGGER catalogue_entry_fts_delete",
    "DROP TRIGGER catalogue_entry_fts_insert",
    "DROP TABLE catalogue_entry_fts",
]
# Every entry (the figures of a code over all its measures), the groups' heads alone (searches and
# suggestions: one row per group of published copies), and the unpublished entries alone (a person's own).
POSTGRESQL = [
    "CREATE INDEX catalogue_entry_search ON catalogue_catalogueentry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_terms, '')))",
    "CREATE INDEX catalogue_entry_group_search ON catalogue_catalogueentry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_terms, ''))) WHERE group_head",
    "CREATE INDEX catalogue_entry_unpublished_search ON catalogue_catalogueentry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_terms, ''))) WHERE NOT public",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX catalogue_entry_unpublished_search",
    "DROP INDEX catalogue_entry_group_search",
    "DROP INDEX catalogue_entry_search",
]


def _run(statements_by_vendor: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_catalogue")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
