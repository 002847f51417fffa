"""Typed values out of a validated form, and errors put back on its fields.

WTForms types every field's `data` as optional, because a field missing from the
request keeps its default (None), and a field's `errors` as a sequence, because it is an
empty tuple until the form is validated. Views hand the data to services that take
plain values, and show a service's refusal under the field it is about.
"""
from typing import TypeVar

from wtforms import Field

T = TypeVar("T")


def required(value: T | None) -> T:
    """The data of a field its form requires (DataRequired, InputRequired, or the form's
    own `validate`), once the form has validated: then it is never None."""
    if value is None:
        raise ValueError("a required field is empty although its form validated")
    return value


def add_error(field: Field, message: str) -> None:
    """Show `message` under `field`, after a service refused what was typed there."""
    field.errors = [*field.errors, message]
