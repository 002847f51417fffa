"""Files the app keeps on disk, readable by its own user only.

The instance directory holds the SQLite database, the development secret key and the
import files waiting for a coordinator's confirmation: people's names, addresses and
phone numbers. The directory is made 0700 and those files 0600, so another account on
the server cannot read them whatever its umask. Import files nobody confirmed are deleted
after a day (ABANDONED_AFTER), by the next upload and by the nightly retention job.
"""
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

ABANDONED_AFTER = timedelta(days=1)
#: the folder of the instance directory where uploads wait, and their endings
IMPORTS = "imports"
UPLOAD_SUFFIXES = (".csv", ".activities")


def private_dir(path) -> Path:
    """The directory, created if missing, readable and writable by the app's user only."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)  # mkdir's mode does not change a directory that already existed
    return path


def write_private(path, raw: bytes) -> None:
    """Write a new file created 0600 from the start (never readable by others, even briefly)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(raw)


def imports_dir(instance_dir) -> Path:
    """The folder where uploaded import files wait for confirmation."""
    private_dir(instance_dir)
    return private_dir(Path(instance_dir) / IMPORTS)


def clean_abandoned_imports(instance_dir, now_timestamp: float,
                            suffixes: tuple[str, ...] = UPLOAD_SUFFIXES) -> int:
    """Delete uploaded files older than ABANDONED_AFTER (file times); returns how many."""
    folder = Path(instance_dir) / IMPORTS
    if not folder.is_dir():
        return 0
    limit, removed = now_timestamp - ABANDONED_AFTER.total_seconds(), 0
    for path in folder.iterdir():
        if path.suffix in suffixes and path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def secure_sqlite(database_url: str) -> None:
    """Make a SQLite database file (and its write-ahead log files) readable by the app's user
    only; nothing to do for other databases or an in-memory one."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database \
            or url.database == ":memory:":
        return
    database = Path(url.database)
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            path.chmod(0o600)
