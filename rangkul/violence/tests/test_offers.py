"""Links to the pathway: BK support offered to a student, opened only by their own consent;
the matter on the case timeline only for those who may see both."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.cases import services as cases
from rangkul.cases.models import SupportRequest
from rangkul.composition.timeline import timeline
from rangkul.violence import services
from rangkul.violence.models import SupportOffer, TeamMember, TeamRole
from rangkul.violence.tests.conftest import report


@pytest.fixture
def matter(school, tppk):
    return report(school.org)[0].matter


def test_support_is_offered_and_opens_only_when_the_student_accepts(matter, school, tppk):
    offer = services.offer_support(
        by=tppk["ketua"], matter=matter, person=school.siswa_person, party="victim"
    )
    assert not SupportRequest.objects.exists()
    client = Client()
    client.force_login(school.siswa)
    home = client.get("/").content.decode()
    assert 'data-tile="violence_offers"' in home
    page = client.get("/violence/offers/").content.decode()
    assert "dipalak" not in page
    assert client.post(f"/violence/offers/{offer.pk}/accept/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"
    support = offer.support_request
    assert support.topic == "violence" and support.helper_choice == "counselor"
    assert support.person == school.siswa_person
    assert "dipalak" not in support.text


def test_declining_opens_nothing(matter, school, tppk):
    offer = services.offer_support(
        by=tppk["ketua"], matter=matter, person=school.siswa_person, party="actor"
    )
    services.answer_support_offer(by=school.siswa, offer=offer, accept=False)
    assert not SupportRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.answer_support_offer(by=school.siswa, offer=offer, accept=True)
    assert not SupportRequest.objects.exists()


def test_only_the_student_answers_their_offer(matter, school, tppk):
    offer = services.offer_support(
        by=tppk["ketua"], matter=matter, person=school.siswa_person, party="victim"
    )
    with pytest.raises(PermissionDenied):
        services.answer_support_offer(by=school.sebaya, offer=offer, accept=True)
    client = Client()
    client.force_login(school.sebaya)
    assert client.post(f"/violence/offers/{offer.pk}/accept/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_bad_offers_change_nothing(matter, school, other_school, tppk):
    with pytest.raises(PermissionDenied):
        services.offer_support(
            by=school.konselor, matter=matter, person=school.siswa_person, party="victim"
        )
    with pytest.raises(ValidationError):
        services.offer_support(
            by=tppk["ketua"], matter=matter, person=other_school.siswa_person, party="victim"
        )
    with pytest.raises(ValidationError):
        services.offer_support(
            by=tppk["ketua"], matter=matter, person=school.siswa_person, party="bystander"
        )
    assert not SupportOffer.objects.exists()


def test_the_matter_shows_on_the_case_timeline_only_to_who_sees_both(matter, school, tppk):
    offer = services.offer_support(
        by=tppk["ketua"], matter=matter, person=school.siswa_person, party="victim"
    )
    offer = services.answer_support_offer(by=school.siswa, offer=offer, accept=True)
    case = cases.assign_request(
        by=school.konselor, support_request=offer.support_request, to=school.konselor
    )

    def kinds(user):
        return [e.kind for e in timeline(user, case)]

    # The counselor (not on the TPPK) sees the case, not the matter.
    assert "violence_matter" not in kinds(school.konselor)
    client = Client()
    client.force_login(school.konselor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert page and "timeline-violence-matter" not in page and "dipalak" not in page

    # Once on the TPPK and handling the matter, the same counselor sees the link.
    TeamMember.objects.create(organisation=school.org, user=school.konselor, role=TeamRole.MEMBER)
    services.assign_handlers(
        by=tppk["ketua"], matter=matter, users=[tppk["ketua"], school.konselor]
    )
    assert "violence_matter" in kinds(school.konselor)
    assert "timeline-violence-matter" in client.get(f"/cases/{case.pk}/").content.decode()
