"""The peer programme's questionnaires and pulse, as the counselors see them: a supervisor
reads their peers' wellbeing check-ins; the coordinator also sees completion, the
competency self-assessment per cohort and the students' pulse after peer meetings, as
counts and means with small groups suppressed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.activities import permissions as activity_permissions
from rangkul.activities import queries as activity_queries
from rangkul.activities.models import FeltHeard, TalkAgain
from rangkul.audit import services as audit
from rangkul.lib import suppression
from rangkul.lib.views import current_org, language_of
from rangkul.peers import permissions as peer_permissions
from rangkul.screenings import catalogue, peer_checks

DOMAIN_LABELS = {
    "empathy": _("Empathy"),
    "listening": _("Listening"),
    "confidence": _("Confidence to help"),
    "referral": _("Knowing when to refer"),
}

# How far back the page looks.
WELLBEING_DAYS = 56
PULSE_DAYS = 365


def _band_labels(rows: list[peer_checks.CheckRow], lang: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in rows:
        campaign = row.check.assignment.campaign
        scheme = catalogue.definition_of(
            campaign.instrument_code, campaign.custom_instrument
        ).default_band_scheme
        for band in scheme.bands if scheme else ():
            labels.setdefault(band.code, band.label.get(lang) or band.code)
    return labels


def pulse_summary(org_id: Any, days: int = PULSE_DAYS) -> dict[str, Any]:
    """Counts of the pulse answers of the last year, suppressed: the shares of "yes"
    need five answers, and no count of one to four is shown."""
    end = timezone.now()
    counts = activity_queries.pulse_counts([org_id], end - timedelta(days=days), end)
    heard, again = counts["felt_heard"], counts["talk_again"]
    answered = sum(heard.values())
    return {
        "answered": suppression.count(answered),
        "felt_heard": suppression.rate(heard.get(FeltHeard.YES, 0), answered),
        "talk_again": suppression.rate(again.get(TalkAgain.YES, 0), answered),
    }


@login_required
def peer_programme(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    user = request.user
    if not peer_permissions.can_view_supervision(user, org.id):
        raise Http404
    lang = language_of(request)
    today = org.today()
    rows = peer_checks.wellbeing_for_supervisor(
        user, org.id, today - timedelta(days=WELLBEING_DAYS)
    )
    shown = [r.response for r in rows if r.response is not None]
    # The supervisor's list shows results of named peers: one audited read of them.
    audit.record_list(user, "screening.peer_wellbeing_viewed", shown, organisation=org)
    labels = _band_labels(rows, lang)
    context: dict[str, Any] = {
        "rows": [(r, labels.get(r.response.band_code, "") if r.response else "") for r in rows],
        "days": WELLBEING_DAYS,
        "lead": peer_permissions.can_lead_supervision(user, org.id),
    }
    if context["lead"]:
        asked, done = peer_checks.wellbeing_completion(
            org.id, today - timedelta(days=WELLBEING_DAYS)
        )
        context["completion"] = {"asked": asked, "done": done}
        context["cohorts"] = [
            (row, [(DOMAIN_LABELS[d], row.before[d], row.after[d]) for d in peer_checks.DOMAINS])
            for row in peer_checks.competency_cohorts([org.id])
        ]
    if activity_permissions.can_view_pulse_summary(user, org.id):
        context["pulse"] = pulse_summary(org.id)
    return render(request, "screenings/peer_programme.html", context)
