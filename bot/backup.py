"""`python -m bot backup <file>`: a consistent copy of the database while the bot runs.

SQLite: copying the file is not a backup — in WAL mode the latest commits may still sit in
the ``-wal`` file, and a copy taken mid-write can be torn. sqlite3's online backup API copies
every committed page, WAL included, as one consistent snapshot, while the bot keeps writing.
The copy is written next to the target and renamed into place, so a failed run never leaves
a half-written backup under the name.

PostgreSQL: ``pg_dump`` is the tool; we print the command for this database (password left
out — pass it in PGPASSWORD or ~/.pgpass) rather than shell out to a client that may not be
installed where the bot runs.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings


class BackupError(Exception):
    pass


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy ``source`` to ``target`` through the online backup API; the pages copied."""
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if target.resolve() == source.resolve():
        raise BackupError("the backup must go to another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    pages = 0

    def progress(_status: int, remaining: int, total: int) -> None:
        nonlocal pages
        pages = total - remaining

    with sqlite3.connect(source) as live, sqlite3.connect(partial) as copy:
        live.backup(copy, pages=256, progress=progress)  # steps, so writers are not starved
    check = sqlite3.connect(partial)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()
    finally:
        check.close()
    if verdict != ("ok",):
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {verdict}")
    os.replace(partial, target)
    return pages


def pg_dump_command(database_url: str, target: str) -> str:
    url = make_url(database_url)
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(f"--dbname={url.database or ''}")
    return shlex.join(parts)


def backup(settings: Settings, target: Path) -> str:
    """Make the backup (SQLite) or say how (PostgreSQL); the line to show the operator."""
    if settings.is_postgresql:
        command = pg_dump_command(settings.database_url, str(target))
        return (
            "PostgreSQL: run pg_dump (password in PGPASSWORD or ~/.pgpass):\n"
            f"{command}\n"
            "Restore into an empty database with: pg_restore --dbname=<db> "
            + shlex.quote(str(target))
        )
    source = settings.sqlite_path
    if source is None:
        raise BackupError("an in-memory database has nothing to back up")
    pages = backup_sqlite(source, target)
    return f"Backed up {source} to {target} ({pages} pages, integrity ok)"
