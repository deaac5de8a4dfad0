"""Reporting: what is kept, what raises an alert at once, and bad input that changes nothing."""

import re

import pytest
from django.core.exceptions import ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.safety.models import Alert, AlertEscalation, Rung, SafetySettings
from rangkul.violence import services
from rangkul.violence.models import Matter, Report, hash_receipt
from rangkul.violence.tests.conftest import report


def test_a_report_opens_a_matter_for_the_lead_with_a_due_intake_step(school, tppk):
    rep, code = report(school.org)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert rep.receipt_hash == hash_receipt(code)
    assert code not in str(Report.objects.filter(pk=rep.pk).values().get())
    matter = rep.matter
    assert list(matter.handlers.all()) == [tppk["ketua"]]
    intake = matter.steps.get()
    assert intake.step == "intake" and intake.owner == tppk["ketua"]
    assert intake.due_at > intake.started_at
    assert tppk["ketua"].notifications.filter(kind="violence_report").exists()
    assert not tppk["anggota"].notifications.exists()


def test_an_anonymous_member_report_keeps_no_trace_of_the_reporter(school, tppk):
    rep, _code = report(school.org, channel="member", by=school.siswa, anonymous=True)
    assert rep.reporter is None and rep.reporter_name == ""
    event = AuditEvent.objects.get(verb="violence.reported")
    assert event.actor is None


def test_immediate_danger_raises_an_urgent_alert_at_once(school, tppk):
    SafetySettings.objects.create(organisation=school.org, safeguarding_lead=tppk["ketua"])
    rep, _code = report(school.org, danger_now=True, what="Ada yang dikunci di gudang sekolah.")
    alert = Alert.objects.get()
    assert rep.alert == alert
    assert alert.severity == "urgent" and alert.source == "violence_report"
    assert "danger_now" in alert.evidence["reasons"]
    # The ladder starts at once: the coordinator (nobody on duty) and the safeguarding lead.
    rungs = set(AlertEscalation.objects.values_list("rung", flat=True))
    assert Rung.COORDINATOR in rungs and Rung.SAFEGUARDING_LEAD in rungs
    # No report text in the alert.
    assert "gudang" not in str(alert.evidence)


@pytest.mark.parametrize("child", ["yes", "unknown"])
def test_sexual_violence_against_a_child_raises_an_alert(school, tppk, child):
    rep, _code = report(
        school.org, kind="sexual", child_victim=child, what="Seorang guru menyentuh murid."
    )
    assert rep.alert is not None and rep.alert.is_abuse


def test_sexual_violence_between_adults_without_danger_words_raises_no_alert(school, tppk):
    rep, _code = report(
        school.org, kind="sexual", child_victim="no", what="Komentar bernada seksual di rapat."
    )
    assert rep.alert is None


def test_crisis_words_in_any_report_raise_an_alert(school, tppk):
    rep, _code = report(school.org, what="Dia bilang mau bunuh diri karena terus dibully.")
    assert rep.alert is not None


@pytest.mark.parametrize(
    "overrides",
    [
        {"what": "pendek"},
        {"what": "\u200b\u200b\u200b \u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b"},
        {"what": "Ada pemalakan di kantin\x00 setiap hari"},
        {"where": "x" * 201},
        {"kind": "gossip"},
        {"standing": "judge"},
        {"child_victim": "maybe"},
        {"anonymous": True, "reporter_name": "Ibu Ani"},
        {"channel": "member", "by": None},
    ],
)
def test_bad_input_changes_nothing(school, tppk, overrides):
    with pytest.raises(ValidationError):
        report(school.org, **overrides)
    assert not Report.objects.exists() and not Matter.objects.exists()
    assert not Alert.objects.exists() and not AuditEvent.objects.exists()


def test_only_a_school_receives_reports(authority, tppk):
    with pytest.raises(ValidationError):
        report(authority)
    assert not Report.objects.exists()


def test_an_outsider_cannot_report_as_a_member_of_another_school(school, other_school):
    with pytest.raises(ValidationError):
        report(school.org, channel="member", by=other_school.siswa, anonymous=False)
    assert not Report.objects.exists()


def test_the_reporter_adds_information_with_the_code(school, tppk):
    rep, code = report(school.org)
    services.add_information(code=code.lower(), text="Kejadian terulang hari Selasa.")
    assert rep.additions.count() == 1
    with pytest.raises(ValidationError):
        services.add_information(code="AAAA-BBBB-CCCC-DDDD", text="Coba-coba")
    with pytest.raises(ValidationError):
        services.add_information(code=code, text="  ")
    assert rep.additions.count() == 1
