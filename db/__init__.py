"""Storage for nekrolog: schema, migrations, reference data, stats and export.

This package imports nothing else of nekrolog's: it is the contract every
other stage writes to and reads from.
"""

from db.connection import DEFAULT_DB_PATH, open_db, resolve_db_path

__all__ = ["DEFAULT_DB_PATH", "open_db", "resolve_db_path"]
