"""At night and in holidays an urgent alert reaches a person: each rung texts the phones
of the people it reaches (SMS or WhatsApp through the configured HTTP gateway), with no
identifying content. The gateway here is a real HTTP server on loopback."""

from datetime import timedelta

import pytest
import time_machine

from conftest import WORKER, run_worker
from rangkul.cases import services as cases
from rangkul.notifications.models import Delivery, DeliveryStatus
from rangkul.safety import services as safety
from rangkul.safety.escalation import escalate_overdue
from rangkul.safety.models import ResponderPhone, SafetySettings
from rangkul.safety.tests.conftest import local, shift

URGENT = "aku pengen mati aja malam ini"


def night_arrangements(school, **extra):
    return SafetySettings.objects.create(
        organisation=school.org,
        out_of_hours_name="Bu Piket",
        out_of_hours_phone="0813 1111 2222",
        text_channel="sms",
        **extra,
    )


def ask_urgently(school, text=URGENT):
    return cases.submit_request(
        by=school.siswa, organisation=school.org, text=text, domain="personal", urgency="high"
    )


@WORKER
def test_at_night_each_rung_texts_its_people_and_nothing_identifying(
    school, text_gateway, django_capture_on_commit_callbacks
):
    night_arrangements(school)
    ResponderPhone.objects.create(
        organisation=school.org, user=school.koordinator, phone="0812-3456-7890"
    )
    night = local(school.org, "2026-12-01 22:30")
    with time_machine.travel(night, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ask_urgently(school)
        run_worker()
    # Nobody on duty at night: the coordinator's rung is the first, by SMS to their phone.
    assert [p["body"]["to"] for p in text_gateway.posts] == ["+6281234567890"]
    post = text_gateway.posts[0]
    assert post["authorization"] == "Bearer uji-token"
    assert post["body"]["channel"] == "sms"
    text = post["body"]["text"]
    assert school.org.name in text and "Rangkul" in text
    for private in ("Siswa", "mati", "suicide", "bunuh"):
        assert private not in text
    # Not acknowledged in time: the out-of-hours contact (no login) is texted too.
    with time_machine.travel(night + timedelta(minutes=16), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            escalate_overdue()
        run_worker()
    assert [p["body"]["to"] for p in text_gateway.posts][-1] == "+6281311112222"
    assert Delivery.objects.filter(channel="sms", status=DeliveryStatus.SENT).count() == 2


@WORKER
def test_whatsapp_is_chosen_by_the_organisation(
    school, text_gateway, django_capture_on_commit_callbacks
):
    night_arrangements(school)
    SafetySettings.objects.filter(organisation=school.org).update(text_channel="whatsapp")
    ResponderPhone.objects.create(
        organisation=school.org, user=school.koordinator, phone="+62 812 1"
    )
    with time_machine.travel(local(school.org, "2026-12-05 10:00"), tick=False):  # a Saturday
        with django_capture_on_commit_callbacks(execute=True):
            ask_urgently(school)
        run_worker()
    assert [p["body"]["channel"] for p in text_gateway.posts] == ["whatsapp"]


def test_in_duty_hours_with_someone_on_duty_no_text_is_sent(
    school, text_gateway, django_capture_on_commit_callbacks
):
    night_arrangements(school)
    ResponderPhone.objects.create(
        organisation=school.org, user=school.konselor, phone="0812 0000 1111"
    )
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    with time_machine.travel(local(school.org, "2026-12-01 09:00"), tick=False):
        ask_urgently(school)
    assert not Delivery.objects.filter(channel__in=["sms", "whatsapp"]).exists()


def test_a_holiday_within_duty_hours_with_nobody_on_duty_counts_as_out_of_hours(school):
    night_arrangements(school)
    ResponderPhone.objects.create(
        organisation=school.org, user=school.koordinator, phone="0812 0000 2222"
    )
    with time_machine.travel(local(school.org, "2026-12-01 09:00"), tick=False):
        ask_urgently(school)
    assert Delivery.objects.get(channel="sms").to == "0812 0000 2222"


def test_a_concern_is_not_texted(school):
    night_arrangements(school, text_when="always")
    ResponderPhone.objects.create(
        organisation=school.org, user=school.koordinator, phone="0812 0000 2222"
    )
    alert = safety.raise_alert(
        organisation=school.org, severity="concern", source="staff", person=school.siswa_person
    )
    assert alert.escalations.exists()
    assert not Delivery.objects.filter(channel="sms").exists()


@WORKER
def test_a_failing_gateway_is_retried_and_the_alert_stays_open(
    school, text_gateway, django_capture_on_commit_callbacks
):
    night_arrangements(school)
    ResponderPhone.objects.create(
        organisation=school.org, user=school.koordinator, phone="0812 3456 7890"
    )
    text_gateway.fail_with = 503
    with time_machine.travel(local(school.org, "2026-12-01 22:30"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ask_urgently(school)
        run_worker()
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error == "GatewayError" and delivery.next_attempt_at is not None
    assert len(text_gateway.posts) == 1


def test_without_a_gateway_url_a_text_delivery_fails_loudly(school, settings):
    from rangkul.notifications.channels import sms
    from rangkul.notifications.channels.gateway import GatewayError

    settings.TEXT_GATEWAY_URL = ""
    delivery = Delivery.objects.create(to="0812", organisation=school.org, channel="sms")
    with pytest.raises(GatewayError, match="TEXT_GATEWAY_URL"):
        sms.send(delivery)
