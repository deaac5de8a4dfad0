"""Every read of sensitive records, a list or one record's rows, is audited in one place per
kind (the scoped query): the page and the API each leave exactly one event of the kind,
with the organisation and the count of the rows shown.

The pages and routes come from the crawler's world (tests/crawler/), so the objects are
the ones every other page test reads.
"""

import pytest
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.cases import services as case_services
from tests.crawler import build_world, page_urls

# (who reads, what: a page name or "GET /api/v1/...", the audit verb of the kind)
READS = [
    ("s1.counselor", "people", "person.listed"),
    ("s1.counselor", "GET /api/v1/people", "person.listed"),
    ("s1.coordinator", "cases?scope=all", "case.listed"),
    ("s1.coordinator", "GET /api/v1/cases", "case.listed"),
    ("s1.counselor", "GET /api/v1/requests", "request.listed"),
    ("s1.counselor", "activities", "activity.listed"),
    ("s1.counselor", "GET /api/v1/activities", "activity.listed"),
    ("s1.counselor", "alerts", "alert.listed"),
    ("s1.counselor", "GET /api/v1/alerts", "alert.listed"),
    ("s1.counselor", "home", "alert.listed"),
    ("s1.counselor", "case", "messages.viewed"),
    ("s1.counselor", "GET /api/v1/cases/{case_id}/messages", "messages.viewed"),
    ("s1.counselor", "case", "note.viewed"),
    ("s1.counselor", "screening_campaign", "screening.campaign_viewed"),
    ("s1.counselor", "GET /api/v1/campaigns/{campaign_id}/follow-up", "screening.campaign_viewed"),
    ("s1.counselor", "GET /api/v1/responses", "screening.responses_listed"),
    ("s1.homeroom_teacher", "violence_matters", "violence.matters_listed"),
    ("s1.homeroom_teacher", "GET /api/v1/violence/matters", "violence.matters_listed"),
    ("s1.counselor", "person", "guardian.listed"),
    ("s1.counselor", "person", "consent.listed"),
    ("provider.provider", "referrals_received", "referral_out.listed"),
    ("s1.coordinator", "training_decide", "training.results_listed"),
    ("s1.counselor", "training_enrolment", "training.results_viewed"),
    ("s1.peer_supporter", "training_enrolment", "training.results_viewed"),
    ("community.field_worker", "psychosocial_beneficiaries", "beneficiary.listed"),
    ("community.field_worker", "psychosocial_pfa_new", "beneficiary.listed"),
    ("provider.provider", "GET /api/v1/referrals-out", "referral_out.listed"),
    ("s1.counselor", "GET /api/v1/referrals-out", "referral_out.listed"),
    ("s1.counselor", "GET /api/v1/people/{person_id}/guardians", "guardian.listed"),
    ("s1.counselor", "GET /api/v1/people/{person_id}/consents", "consent.listed"),
]


def _url(world, urls: dict[str, str], what: str) -> str:
    if what.startswith("GET "):
        from tests.crawler import ApiRoute, api_url

        return api_url(world, ApiRoute("GET", what[4:], ""))
    name, _, query = what.partition("?")
    return urls[name] + (f"?{query}" if query else "")


@pytest.mark.django_db
def test_each_page_and_api_read_leaves_one_event_with_organisation_and_count():
    world = build_world()
    case_services.add_note(
        by=world.people["s1.counselor"], case=world.o["case"], text="Sesi pertama berjalan baik"
    )
    urls = {page.name: page.url for page in page_urls(world)}
    problems = []
    for persona, what, verb in READS:
        reader = world.people[persona]
        client = Client()
        client.force_login(reader)
        before = set(
            AuditEvent.objects.filter(actor=reader, verb=verb).values_list("pk", flat=True)
        )
        answer = client.get(_url(world, urls, what))
        if answer.status_code != 200:
            problems.append(f"{persona} {what}: answered {answer.status_code}")
            continue
        new = list(AuditEvent.objects.filter(actor=reader, verb=verb).exclude(pk__in=before))
        if len(new) != 1:
            problems.append(f"{persona} {what}: {len(new)} {verb} events")
            continue
        event = new[0]
        orgs = {m.organisation_id for m in reader.memberships.all()}
        if event.organisation_id not in orgs:
            problems.append(f"{persona} {what}: {verb} without the reader's organisation")
        count = event.data.get("count")
        listed = next((v for v in event.data.values() if isinstance(v, list)), None)
        # The follow-up list is a read of the campaign's results even when nobody is on it.
        least = 0 if verb == "screening.campaign_viewed" else 1
        if (
            not isinstance(count, int)
            or count < least
            or (listed is not None and len(listed) != count)
        ):
            problems.append(f"{persona} {what}: {verb} without the count shown {event.data}")
    assert problems == [], "\n".join(problems)
