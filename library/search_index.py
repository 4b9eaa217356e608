"""PostgreSQL trigram indexes on the folded search columns (docs/architecture.md §10), for the
migrations that add them; nothing on other databases."""

from __future__ import annotations


def create_trigram_indexes(schema_editor, indexes: dict[str, str]) -> None:
    """`indexes` maps table → index name: a GIN trigram index on its `search_text`, so that
    LIKE '%word%' stays fast on large tables."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in indexes.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_trigram_indexes(schema_editor, indexes: dict[str, str]) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in indexes.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
