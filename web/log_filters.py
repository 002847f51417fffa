"""Personal links kept out of sight: masked in logs and on the coordinators' pages.

A personal link is a key to someone's page: `/arrivee/<token>`, `/benevole/<token>`,
`/suivi/<token>` (follow-up answers) and `/l/<code>` (short links). Whoever reads a log file
or looks over a coordinator's shoulder must not be able to open that page, so the secret
part is replaced by a mask; the rest of the address stays readable, for support.
"""
import logging
import re

#: the secret part of every personal link (itsdangerous tokens and short codes are URL-safe)
LINK_RE = re.compile(r"(/(?:arrivee|benevole|suivi|l)/)(?!inscription\b)[A-Za-z0-9_.\-]+")
SCREEN_MASK = "••••••"
LOG_MASK = "***"
#: the loggers that print request paths: the development server, gunicorn, Flask's own
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def mask_links(text: str | None, mask: str = SCREEN_MASK) -> str | None:
    """`text` with the secret part of every personal link replaced by `mask`."""
    if not text:
        return text
    return LINK_RE.sub(lambda match: match.group(1) + mask, text)


class MaskLinks(logging.Filter):
    """Rewrites a log record so that its message and traceback carry no personal link."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is
            return True
        record.msg, record.args = mask_links(message, LOG_MASK), None
        if record.exc_info and not record.exc_text:
            # formatters reuse exc_text: the traceback is written once, masked
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_links(record.exc_text, LOG_MASK)
        return True


def init_app(app) -> None:
    """Mask personal links in the app's log (exceptions name the path) and in access logs."""
    for logger in (app.logger, *(logging.getLogger(name) for name in LOGGERS)):
        if not any(isinstance(existing, MaskLinks) for existing in logger.filters):
            logger.addFilter(MaskLinks())
