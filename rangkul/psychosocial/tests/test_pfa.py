import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rangkul.activities.models import Activity
from rangkul.audit.models import AuditEvent
from rangkul.cases.models import Case
from rangkul.psychosocial import services
from rangkul.psychosocial.models import PfaContact
from rangkul.psychosocial.tests import factories as f
from rangkul.referrals.tests.factories import ProviderFactory


def pfa_data(beneficiary, **fields):
    base = {
        "beneficiary": beneficiary,
        "starts_at": timezone.now() - timedelta(hours=1),
        "needs": ["basic_needs", "distress"],
        "information_given": "Lokasi dapur umum dan jadwal layanan kesehatan",
        "follow_up": "Kunjungi lagi di pengungsian",
        "follow_up_due": timezone.localdate() + timedelta(days=3),
    }
    return services.PfaData(**{**base, **fields})


def test_a_pfa_contact_is_an_activity_of_the_programme_with_its_details(post) -> None:
    b = f.beneficiary(post.programme, post.relawan)
    puskesmas = ProviderFactory(organisation=post.org, name="Puskesmas Coblong")
    pfa, created = services.log_pfa_contact(
        by=post.relawan, programme=post.programme,
        data=pfa_data(b, services=[str(puskesmas.pk)]),
    )  # fmt: skip
    assert created
    activity = Activity.objects.get(pk=pfa.activity_id)
    assert (activity.kind, activity.programme_id) == ("pfa_contact", post.programme.pk)
    assert list(activity.participants.values_list("person_id", flat=True)) == [b.person_id]
    assert activity.follow_up_due == timezone.localdate() + timedelta(days=3)
    assert pfa.need_list == ["basic_needs", "distress"]
    assert list(pfa.services_linked.all()) == [puskesmas]
    assert AuditEvent.objects.filter(verb="pfa_contact.logged").count() == 1


def test_the_same_key_twice_logs_one_contact(post) -> None:
    b = f.beneficiary(post.programme, post.relawan)
    key = uuid.uuid4()
    one, _ = services.log_pfa_contact(
        by=post.relawan, programme=post.programme, data=pfa_data(b), key=key
    )
    two, again = services.log_pfa_contact(
        by=post.relawan, programme=post.programme, data=pfa_data(b), key=key
    )
    assert (one.pk, again) == (two.pk, False)
    assert Activity.objects.filter(kind="pfa_contact").count() == 1


def test_bad_input_logs_nothing(post) -> None:
    other = f.programme(post.org, post.koordinator, name="Lain", team=[post.relawan])
    stranger = f.beneficiary(other, post.relawan, full_name="Orang Lain")
    with pytest.raises(ValidationError) as exc:
        services.log_pfa_contact(
            by=post.relawan, programme=post.programme,
            data=pfa_data(stranger, needs=["other"], services=[str(uuid.uuid4())]),
        )  # fmt: skip
    assert set(exc.value.message_dict) >= {"beneficiary", "needs_other", "services"}
    assert not Activity.objects.exists() and not PfaContact.objects.exists()


def test_link_opens_a_psychosocial_case_and_leads_to_the_referral_form(client, post) -> None:
    b = f.beneficiary(post.programme, post.relawan)
    pfa, _ = services.log_pfa_contact(by=post.relawan, programme=post.programme, data=pfa_data(b))
    client.force_login(post.relawan)
    answer = client.post(reverse("psychosocial_pfa_refer", args=[pfa.pk]))
    case = Case.objects.get(person=b.person)
    assert case.tier == "psychosocial" and case.lead == post.relawan
    assert answer["Location"] == reverse("referral_new", args=[case.pk])
    assert client.get(answer["Location"]).status_code == 200
    client.post(reverse("psychosocial_pfa_refer", args=[pfa.pk]))
    assert Case.objects.filter(person=b.person).count() == 1  # the open case is reused
    assert Activity.objects.get(pk=pfa.activity_id).case == case


def test_a_follow_up_due_shows_on_the_dashboard(client, post) -> None:
    b = f.beneficiary(post.programme, post.relawan, full_name="Fajar")
    services.log_pfa_contact(by=post.relawan, programme=post.programme, data=pfa_data(b))
    client.force_login(post.koordinator)
    page = client.get(reverse("psychosocial_programme", args=[post.programme.pk])).content.decode()
    assert "Fajar" in page
