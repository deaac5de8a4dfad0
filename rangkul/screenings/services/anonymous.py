"""Anonymous campaigns: answers that cannot be joined to who gave them.

- The response rows of an anonymous campaign are created empty when the campaign is
  launched, one per person asked, in random order. A respondent claims a random empty
  row on their first answer, so neither row order nor row creation time says anything
  about who answered when.
- While a draft is open it is found again through a keyed hash of the assignment
  (HMAC with the server's secret): a dropped connection or another phone loses nothing.
  Submitting erases that key; closing the campaign erases the keys of unfinished drafts.
- Completion is kept on the assignment as a date only. The response keeps only the date
  it was submitted: no person, no user, no assignment, no time of day.

Outside the application's reach, and documented as such: the database's own row
metadata (PostgreSQL transaction ids, write-ahead log, backups), and a day on which only
one person completed.
"""

from rangkul.screenings import queries
from rangkul.screenings.models import (
    Assignment,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
)

CLAIM_ATTEMPTS = 8


def create_slots(campaign: ScreeningCampaign, count: int) -> None:
    ScreeningResponse.objects.bulk_create(
        [
            ScreeningResponse(
                organisation_id=campaign.organisation_id,
                campaign=campaign,
                status=ResponseStatus.EMPTY,
                instrument_code=campaign.instrument_code,
                instrument_version=campaign.instrument_version,
                custom_instrument=campaign.custom_instrument,
            )
            for _ in range(count)
        ]
    )


def claim_draft(assignment: Assignment) -> ScreeningResponse:
    """The respondent's open draft, or a random empty row claimed for it.

    Called with the assignment row locked, so one respondent never claims two rows.
    """
    found = queries.draft_of(assignment)
    if found is not None:
        return found
    key = queries.draft_key(assignment)
    empty = ScreeningResponse.objects.filter(
        campaign_id=assignment.campaign_id, status=ResponseStatus.EMPTY
    )
    for _ in range(CLAIM_ATTEMPTS):
        slot = empty.order_by("?").values_list("pk", flat=True).first()
        if slot is None:
            # Everyone asked has a row; a missing one (a person added later) is made now.
            create_slots(assignment.campaign, 1)
            continue
        # The conditional update makes two simultaneous claims of one row impossible.
        if empty.filter(pk=slot).update(status=ResponseStatus.DRAFT, draft_key=key):
            return ScreeningResponse.objects.get(pk=slot)
    raise RuntimeError("could not claim an anonymous response row")


def forget_open_drafts(campaign: ScreeningCampaign) -> int:
    """Erase the keys of unfinished drafts: afterwards nothing links them to anyone."""
    return ScreeningResponse.objects.filter(campaign=campaign, draft_key__isnull=False).update(
        draft_key=None
    )
