from rangkul.safety import demo
from rangkul.safety.models import CrisisResource, DutyShift, SafetySettings
from rangkul.safety.roster import coverage_gaps
from rangkul.safety.tests.conftest import local


def test_the_demo_roster_has_a_settings_row_a_local_number_and_a_gap(school, clock):
    demo.seed([school.org])
    demo.seed([school.org])  # idempotent
    arrangements = SafetySettings.objects.get(organisation=school.org)
    assert arrangements.out_of_hours_user == school.koordinator
    assert arrangements.safeguarding_lead == school.kepsek
    assert DutyShift.objects.filter(organisation=school.org).count() == 10
    assert CrisisResource.objects.filter(organisation=school.org).count() == 1
    # Until the end of next week's school days, the only gap is next Thursday afternoon.
    gaps = coverage_gaps(school.org, days=11)
    assert [(g.starts_at, g.minutes) for g in gaps] == [
        (local(school.org, "2026-12-10 11:00"), 240)
    ]
