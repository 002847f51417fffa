"""Hostile or broken requests end on a 4xx page, never on a 500 or a stalled worker.

- `<int:...>` in routes only matches ids an INTEGER column can hold: a larger number is a
  404 instead of an "integer out of range" error from PostgreSQL.
- A NUL character anywhere in the path, the query string or a form is a 400: PostgreSQL
  refuses it in text, and no honest form ever sends one.
- Body sizes are bounded in web/config.py (MAX_CONTENT_LENGTH and Werkzeug's form limits);
  a larger request is a 413.
"""
from urllib.parse import urlparse

from flask import abort, request
from werkzeug.routing import IntegerConverter

#: the largest value of an INTEGER column (PostgreSQL's int4)
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` limited to 0..MAX_ID; anything else does not match, so it is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def _has_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in str(value) for key, value in pairs)


def _refuse_nul_bytes():
    if "\x00" in request.path or _has_nul(request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and (
            _has_nul(request.form.items(multi=True))
            or any("\x00" in key or "\x00" in (upload.filename or "")
                   for key, upload in request.files.items(multi=True))):
        abort(400)


def init_app(app) -> None:
    """Install the id converter (before any blueprint is registered) and the NUL check."""
    app.url_map.converters["int"] = IdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_nul_bytes)


def same_site_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: never a redirect to another
    site (`//host`, `/\\host`) nor a header broken by a control character."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target \
            or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    parsed = urlparse(target)
    return default if parsed.scheme or parsed.netloc else target
