"""One way for a view to call services that change something.

    with service_action(success=_("Problème marqué comme traité."),
                        error=_("Ce problème a déjà été traité.")):
        casework.handle_problem(db, clock.utcnow(), report, g.coordinator, note)
    return redirect(...)

On success the request's transaction is committed and the success message flashed; on
`ServiceError` it is rolled back and the error message flashed. Any other exception
goes on (the error handlers roll back and answer). Services flush and never commit, so
this is the one place a view decides.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash

from web.db import get_session
from web.services import ServiceError

#: an error message, or a function of the error giving one (or None: nothing to flash,
#: e.g. when it puts the message on a form field instead)
ErrorMessage = str | Callable[[ServiceError], str | None] | None


@dataclass
class Outcome:
    """What happened in a `service_action` block.

    Set `success` inside the block when the message depends on what the service
    returned; `error` is the ServiceError when the action failed, else None.
    """

    success: str | None = None
    error: ServiceError | None = None

    @property
    def failed(self) -> bool:
        """True when a ServiceError rolled the action back."""
        return self.error is not None


@contextmanager
def service_action(success: str | None = None, error: ErrorMessage = None) -> Iterator[Outcome]:
    """Commit and flash `success`, or on ServiceError roll back and flash `error`."""
    outcome = Outcome(success=success)
    db = get_session()
    try:
        yield outcome
    except ServiceError as exc:
        db.rollback()
        outcome.error = exc
        message = error(exc) if callable(error) else error
        if message:
            flash(message, "error")
    else:
        db.commit()
        if outcome.success:
            flash(outcome.success, "success")
