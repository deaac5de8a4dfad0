"""Training test data, made through the app's own services where a test reads the result."""

from typing import Any

from rangkul.accounts.tests.factories import member
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.people.tests.factories import PersonFactory
from rangkul.training.models import Audience, Enrolment, Presence, Programme, Session
from rangkul.training.services import programmes, trainees


def candidate_peer(org: Any, username: str, full_name: str = "", **fields: Any) -> Any:
    """A student with the peer supporter role whose profile is selected (not certified)."""
    user = member(org, "student", username=username, first_name=full_name.split(" ")[0])
    member(org, "peer_supporter", user=user)
    PeerProfile.objects.update_or_create(
        organisation=org, user=user, defaults={"status": PeerStatus.SELECTED, **fields}
    )
    if full_name:
        PersonFactory(organisation=org, user=user, full_name=full_name)
    return user


def default_programme(org: Any, lead: Any) -> Programme:
    return programmes.create_programme(
        by=lead, organisation=org, title="", audience=Audience.PEER_SUPPORTERS, from_default=True
    )


def complete_training(enrolment: Enrolment, lead: Any, assessor: Any, *, quiz_right: bool = True,
                      present: bool = True, rubric: int = 4) -> None:  # fmt: skip
    """Attend every session, take the quiz (all right or all wrong), score the role-play."""
    programme = enrolment.programme
    for session in Session.objects.filter(module__programme=programme):
        trainees.record_attendance(
            by=lead,
            session=session,
            marks={str(enrolment.pk): Presence.PRESENT if present else Presence.ABSENT},
        )
    if programme.questions.exists():
        attempt = trainees.start_attempt(by=enrolment.user, enrolment=enrolment)
        trainees.submit_attempt(
            by=enrolment.user,
            attempt=attempt,
            answers={
                str(q.pk): q.correct if quiz_right else (q.correct + 1) % len(q.choices)
                for q in programme.questions.all()
            },
        )
    trainees.score_role_play(
        by=assessor,
        enrolment=enrolment,
        scores={"listening": rubric, "empathy": rubric, "confidentiality": rubric,
                "risk_referral": rubric},
    )  # fmt: skip
