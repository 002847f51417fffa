"""Is this an e-mail address? One answer for forms, imports, the outbox and accounts.

`email-validator` reads the address in linear time; the former hand-written regular
expression backtracked quadratically, so a 32 kB "address" held a worker for seconds.
"""
from email_validator import EmailNotValidError, validate_email

#: RFC 5321's limit for a whole address, checked before anything else reads it
MAX_LENGTH = 254


def is_email_address(value: str | None) -> bool:
    """True when `value` is a syntactically valid address (its domain is not looked up)."""
    if not value or len(value) > MAX_LENGTH:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
