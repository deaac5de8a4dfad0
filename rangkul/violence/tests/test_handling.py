"""Handling a matter: assignment, steps, protection, outcome, reminders and escalation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.violence import services, steps
from rangkul.violence.models import StepRecord
from rangkul.violence.tasks import remind_violence_steps
from rangkul.violence.tests.conftest import report


@pytest.fixture
def matter(school, tppk):
    return report(school.org)[0].matter


def outcome(by, matter, **overrides):
    fields = {
        "finding": "proven",
        "recommendations": "Mediasi dan pendampingan BK.",
        "decided_by": "Kepala sekolah",
        "decided_on": date(2026, 11, 30),
        "sanctions": "Teguran tertulis",
        "recovery_plan": "Konseling korban dua minggu sekali.",
    }
    fields.update(overrides)
    return services.record_outcome(by=by, matter=matter, **fields)


def test_the_lead_assigns_a_member_who_then_handles(matter, tppk, school):
    services.assign_handlers(
        by=tppk["ketua"], matter=matter, users=[tppk["ketua"], tppk["anggota"]]
    )
    assert set(matter.handlers.all()) == {tppk["ketua"], tppk["anggota"]}
    assert tppk["anggota"].notifications.filter(kind="violence_report").exists()
    with pytest.raises(PermissionDenied):
        services.assign_handlers(by=tppk["anggota"], matter=matter, users=[tppk["anggota"]])
    with pytest.raises(ValidationError):
        services.assign_handlers(by=tppk["ketua"], matter=matter, users=[school.konselor])
    assert set(matter.handlers.all()) == {tppk["ketua"], tppk["anggota"]}


def test_a_member_named_in_the_report_cannot_be_assigned(school, tppk):
    matter = report(school.org, who="Dodi Prakoso ikut mengejek")[0].matter
    with pytest.raises(ValidationError):
        services.assign_handlers(by=tppk["ketua"], matter=matter, users=[tppk["anggota"]])
    assert list(matter.handlers.all()) == [tppk["ketua"]]


def test_the_steps_run_in_order_to_closure(matter, tppk):
    lead = tppk["ketua"]
    with pytest.raises(ValidationError):
        services.complete_step(by=lead, matter=matter, step="examination", summary="Loncat")
    with pytest.raises(ValidationError):
        outcome(lead, matter)
    services.add_measure(by=lead, matter=matter, party="victim", kind="accompaniment")
    services.complete_step(by=lead, matter=matter, step="intake", summary="Korban aman.")
    services.complete_step(by=lead, matter=matter, step="examination", summary="Tiga saksi.")
    with pytest.raises(ValidationError):
        services.complete_step(by=lead, matter=matter, step="conclusion", summary="Belum ada")
    outcome(lead, matter)
    for step in ("conclusion", "follow_up", "recovery"):
        matter = services.complete_step(by=lead, matter=matter, step=step, summary="Selesai.")
    assert matter.status == "closed" and matter.closed_at is not None
    assert matter.receipt_status == "closed"
    with pytest.raises(ValidationError):
        services.add_measure(by=lead, matter=matter, party="victim", kind="safety")
    records = StepRecord.objects.filter(matter=matter)
    assert [r.step for r in records] == list(steps.STEP_ORDER)
    assert all(r.completed_by == lead for r in records)


def test_bad_outcome_input_changes_nothing(matter, tppk):
    lead = tppk["ketua"]
    services.complete_step(by=lead, matter=matter, step="intake", summary="Aman.")
    services.complete_step(by=lead, matter=matter, step="examination", summary="Diperiksa.")
    tomorrow = timezone.localdate() + timedelta(days=1)
    for bad in (
        {"finding": "maybe"},
        {"recommendations": ""},
        {"decided_by": ""},
        {"decided_on": tomorrow},
    ):
        with pytest.raises(ValidationError):
            outcome(lead, matter, **bad)
    assert not hasattr(matter, "outcome") or matter.outcome is None


def test_the_principal_sees_but_does_not_handle(matter, school):
    with pytest.raises(PermissionDenied):
        services.complete_step(by=school.kepsek, matter=matter, step="intake", summary="x x x")
    with pytest.raises(PermissionDenied):
        services.add_measure(by=school.kepsek, matter=matter, party="victim", kind="safety")


def test_a_step_due_soon_reminds_its_owner_once(matter, tppk):
    intake = matter.steps.get()
    soon = intake.due_at - steps.rule("intake").remind_before + timedelta(minutes=1)
    assert services.remind_and_escalate(soon) == (1, 0)
    assert services.remind_and_escalate(soon) == (0, 0)
    assert tppk["ketua"].notifications.filter(kind="violence_step_due").count() == 1


def test_an_overdue_step_escalates_to_the_principal_and_the_task_force(matter, school, tppk):
    satgas = tppk["satgas"]
    intake = matter.steps.get()
    late = intake.due_at + timedelta(hours=1)
    assert services.remind_and_escalate(late) == (0, 1)
    assert services.remind_and_escalate(late + timedelta(days=1)) == (0, 0)
    assert school.kepsek.notifications.filter(kind="violence_step_overdue").count() == 1
    assert satgas.notifications.filter(kind="violence_step_overdue").count() == 1
    matter.refresh_from_db()
    assert matter.task_force_involved
    # The task force may now see and take over the handling.
    services.open_matter_record(by=satgas, pk=matter.pk)
    services.complete_step(
        by=satgas, matter=matter, step="intake", summary="Satgas mengambil alih."
    )


def test_a_completed_step_is_never_escalated(matter, tppk):
    services.complete_step(by=tppk["ketua"], matter=matter, step="intake", summary="Aman.")
    intake = matter.steps.get(step="intake")
    assert services.remind_and_escalate(intake.due_at + timedelta(days=1)) == (0, 0)


@WORKER
def test_the_scheduled_job_runs_on_the_real_worker(school, tppk):
    matter = report(school.org)[0].matter
    StepRecord.objects.filter(matter=matter).update(due_at=timezone.now() - timedelta(hours=1))
    remind_violence_steps.enqueue()
    run_worker()
    assert school.kepsek.notifications.filter(kind="violence_step_overdue").exists()
