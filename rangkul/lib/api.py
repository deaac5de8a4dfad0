"""API response shapes and the one paginator shared by every router (ninja and Django only)."""

from pydantic import BaseModel


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
