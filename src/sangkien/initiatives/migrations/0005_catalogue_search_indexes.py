"""Indexes for the public catalogue on PostgreSQL (SQLite keeps its plain scans).

- Trigram GIN indexes make `public_text_folded LIKE '%word%'` (the diacritic-insensitive
  search of initiatives and demands) an index lookup instead of a scan of every row.
- A GIN index on `fields` (jsonb_path_ops) serves the field filter (`fields @> '["2.1"]'`).
- Partial indexes in catalogue order (newest receipt first; by title), listed states only, let
  a page and the pages deep behind it read rows in order instead of sorting them all.

benchmarks/catalogue.py measures each page with and without these indexes.
"""

from django.db import migrations

INDEXES = {
    "initiative_public_text_trgm":
        "ON initiatives_initiative USING gin (public_text_folded gin_trgm_ops)",
    "initiative_fields_gin": "ON initiatives_initiative USING gin (fields jsonb_path_ops)",
    "initiative_catalogue_order":
        "ON initiatives_initiative (first_received_at DESC, id DESC) "
        "WHERE state NOT IN ('draft', 'withdrawn')",
    "initiative_catalogue_title":
        "ON initiatives_initiative (title, id DESC) WHERE state NOT IN ('draft', 'withdrawn')",
    "demand_public_text_trgm": "ON initiatives_demand USING gin (public_text_folded gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0004_demand_public_text_folded")]
    operations = [migrations.RunPython(create, drop)]
