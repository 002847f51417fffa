"""State changes and reference data: the functions views, jobs and commands share.

Services take a session and `now`; they flush but never commit (the caller commits).
"""


class ServiceError(ValueError):
    """Bad input for a service: `field` names what is wrong, `message` says what is expected."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
