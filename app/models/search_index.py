"""Full-text index of annonces, the same behaviour on both databases.

The application keeps `annonce.search_text` (lower case, accents removed).
SQLite indexes it with an FTS5 table kept in sync by triggers; PostgreSQL
with a GIN index on `to_tsvector('simple', search_text)`. Both match every
word of the query as a prefix ("etat civ" finds "État civil").

The list shows open ads by default, a few hundred among 100 000. A second,
small index holds the open ads only (SQLite: a second FTS5 table whose
triggers follow the status; PostgreSQL: a partial GIN index), so a common
word is matched among the open ads instead of among every ad ever posted.
"""
from __future__ import annotations

from sqlalchemy import DDL, Index, event, func, literal_column, text

from app.models.annonce import Annonce

FTS_TABLE = "annonce_fts"
OPEN_FTS_TABLE = "annonce_open_fts"
SEARCH_INDEX = "ix_annonce_search_text"
OPEN_SEARCH_INDEX = "ix_annonce_open_search_text"
OPEN_STATUS = "ouverte"  # AnnonceStatus.OPEN, literal in the DDL

SQLITE_FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS annonce_fts USING fts5("
    "search_text, content='annonce', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_insert AFTER INSERT ON annonce BEGIN "
    "INSERT INTO annonce_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_delete AFTER DELETE ON annonce BEGIN "
    "INSERT INTO annonce_fts(annonce_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_update AFTER UPDATE OF search_text ON annonce "
    "BEGIN INSERT INTO annonce_fts(annonce_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO annonce_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_OPEN_FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS annonce_open_fts USING fts5("
    "search_text, content='annonce', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_insert AFTER INSERT ON annonce "
    "WHEN new.status = 'ouverte' BEGIN "
    "INSERT INTO annonce_open_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_delete AFTER DELETE ON annonce "
    "WHEN old.status = 'ouverte' BEGIN "
    "INSERT INTO annonce_open_fts(annonce_open_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_update "
    "AFTER UPDATE OF search_text, status ON annonce BEGIN "
    "INSERT INTO annonce_open_fts(annonce_open_fts, rowid, search_text) "
    "SELECT 'delete', old.id, old.search_text WHERE old.status = 'ouverte'; "
    "INSERT INTO annonce_open_fts(rowid, search_text) "
    "SELECT new.id, new.search_text WHERE new.status = 'ouverte'; END",
]
SQLITE_OPEN_FTS_DROP = [
    "DROP TRIGGER IF EXISTS annonce_open_fts_update",
    "DROP TRIGGER IF EXISTS annonce_open_fts_delete",
    "DROP TRIGGER IF EXISTS annonce_open_fts_insert",
    "DROP TABLE IF EXISTS annonce_open_fts",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS annonce_fts_update",
    "DROP TRIGGER IF EXISTS annonce_fts_delete",
    "DROP TRIGGER IF EXISTS annonce_fts_insert",
    "DROP TABLE IF EXISTS annonce_fts",
]

search_vector = func.to_tsvector(literal_column("'simple'"), Annonce.search_text)
Index(SEARCH_INDEX, search_vector, postgresql_using="gin").ddl_if(
    dialect="postgresql")
Index(OPEN_SEARCH_INDEX, search_vector, postgresql_using="gin",
      postgresql_where=text(f"status = '{OPEN_STATUS}'")).ddl_if(dialect="postgresql")

for statement in SQLITE_FTS_DDL + SQLITE_OPEN_FTS_DDL:
    event.listen(Annonce.__table__, "after_create",
                 DDL(statement).execute_if(dialect="sqlite"))
for statement in SQLITE_OPEN_FTS_DROP + SQLITE_FTS_DROP:
    event.listen(Annonce.__table__, "before_drop",
                 DDL(statement).execute_if(dialect="sqlite"))


def is_search_index_object(type_: str, name: str | None) -> bool:
    """Parts of the full-text index that migrations manage by hand and
    autogenerate cannot compare: SQLite's FTS tables, PostgreSQL's GIN index."""
    if type_ == "table":
        return any(name == table or (name or "").startswith(table + "_")
                   for table in (FTS_TABLE, OPEN_FTS_TABLE))
    return type_ == "index" and name in (SEARCH_INDEX, OPEN_SEARCH_INDEX)
