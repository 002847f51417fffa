"""Uploaded files waiting for a coordinator's confirmation (the imports of people and of
activities).

A file waits in the instance directory under a random token kept in the session; the
confirmation finds it again through the session, and it is deleted once confirmed (or
refused), replaced, or abandoned for a day (by the next upload and the nightly retention
job: web.services.instance_files).
"""
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, session

from web.services import instance_files

ABANDONED_AFTER_SECONDS = int(instance_files.ABANDONED_AFTER.total_seconds())


@dataclass(frozen=True)
class Uploads:
    """The files of one kind of import: where the session keeps their token, and the
    ending of their names (each import cleans only its own files)."""

    session_key: str
    suffix: str

    def folder(self) -> Path:
        """The instance's folder of uploads, created when missing (0700)."""
        return instance_files.imports_dir(current_app.config["INSTANCE_DIR"])

    def clean_abandoned(self) -> None:
        """Delete files uploaded more than a day ago and never confirmed (file times, not the
        programme's clock: this is housekeeping of the instance directory)."""
        instance_files.clean_abandoned_imports(current_app.config["INSTANCE_DIR"], time.time(),
                                               (self.suffix,))

    def pending(self) -> tuple[dict, Path] | tuple[None, None]:
        """The file waiting for confirmation in this session, if it is still there."""
        state = session.get(self.session_key)
        if not isinstance(state, dict) or not str(state.get("token", "")).isalnum():
            return None, None
        path = self.folder() / f"{state['token']}{self.suffix}"
        return (state, path) if path.exists() else (None, None)

    def forget(self, path: Path | None) -> None:
        """Drop the session's upload and delete its file."""
        session.pop(self.session_key, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def start(self) -> None:
        """Before a new upload: drop this session's previous one and the abandoned files."""
        self.forget(self.pending()[1])
        self.clean_abandoned()

    def keep(self, raw: bytes, **state) -> None:
        """Keep `raw` until the confirmation (a file only the app's user may read), `state`
        with its token in the session."""
        token = secrets.token_hex(16)
        instance_files.write_private(self.folder() / f"{token}{self.suffix}", raw)
        session[self.session_key] = {"token": token, **state}
