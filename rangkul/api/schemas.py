"""Response shapes and field types shared by several routers."""

import re
from datetime import time
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, PlainSerializer, WithJsonSchema

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


def _parse_clock(value: Any) -> Any:
    if isinstance(value, time):
        return value
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("a time of day as HH:MM")
    return time(int(match[1]), int(match[2]))


# A time of day on the organisation's clock, "07:00": answered and accepted in one form,
# documented as a pattern (OpenAPI's "time" format demands a UTC offset, which a duty hour
# on the school's clock does not have).
ClockTime = Annotated[
    time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "07:00"}
    ),
]


class Error(BaseModel):
    detail: str


class FieldError(BaseModel):
    field: str
    message: str


class ValidationErrorOut(BaseModel):
    detail: str
    errors: list[FieldError]


ERRORS: dict[int, type[BaseModel]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    422: ValidationErrorOut,
}
