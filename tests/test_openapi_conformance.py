"""Schemathesis over the whole OpenAPI document: for every operation, bounded generated
requests answer no server error, only documented status codes, and bodies that match
their schemas. Runs on whichever database the suite runs on (SQLite, then PostgreSQL)."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from rangkul.accounts import services
from rangkul.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Valid data is accepted: a request the document calls well formed is never answered 422
# (the schema and the validation agree). A business rule the schema cannot express (a
# person of another school, a slot already taken, a title that names counseling) is a
# documented 400, and an object that is not there a 404; those stay allowed.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx",
    "400",
    "401",
    "403",
    "404",
    "409",
    "429",
]
# Invalid data is refused: a request the document calls malformed never succeeds.
schema.config.checks.negative_data_rejection.expected_statuses = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "413",
    "415",
    "422",
    "429",
]

# Bounded: a handful of examples per operation, the same ones every run, no shrinking.
BOUNDED = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # The WSGI calls fire Django's request signals, which close "old" connections: on
    # PostgreSQL that would close the test's own connection inside its transaction.
    # Django's test client disconnects the same receiver for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(school):
    """A coordinator's token: the broadest role of a school."""
    raw, _token = services.issue_api_token(user=school.koordinator)
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_every_operation_conforms_to_the_document(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
