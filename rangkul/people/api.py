import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rangkul.lib.api import ERRORS, Pagination
from rangkul.lib.views import current_org
from rangkul.people import queries, services
from rangkul.people.models import Gender, Person

router = Router(tags=["people"])


class PersonOut(Schema):
    id: uuid.UUID
    full_name: str
    organisation_id: uuid.UUID
    cohort: str | None
    gender: Gender
    has_login: bool

    @staticmethod
    def resolve_cohort(obj: Person) -> str | None:
        return obj.cohort.name if obj.cohort else None

    @staticmethod
    def resolve_has_login(obj: Person) -> bool:
        return obj.user_id is not None


class PersonDetailOut(PersonOut):
    birth_date: date | None


@router.get("", response=list[PersonOut], summary="People the caller may see (audited)")
@paginate(Pagination)
def list_people(request: HttpRequest, q: str = "") -> Any:
    return queries.people_listing(request.user, current_org(request), search=q.strip()[:100])


@router.get(
    "/{person_id}",
    response={200: PersonDetailOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One person's record (the view is audited)",
)
def get_person(request: HttpRequest, person_id: str) -> Any:
    return services.open_person_record(by=request.user, pk=person_id)
