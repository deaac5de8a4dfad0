"""Prepared queries (rangkul/lib/prepared.py) answer exactly what the plain queryset answers.

Each prepared query in the code runs here against its plain form for several users and
values, so a change in a builder, or in Django's compiler, that makes the replayed SQL
differ is caught on both databases the suite runs on."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rangkul.accounts.models import ApiToken, Membership, User, hash_token
from rangkul.accounts.permissions import _MEMBERSHIPS
from rangkul.accounts.queries import _MEMBERS_WITH_ROLES, members_with_roles
from rangkul.accounts.roles import Role
from rangkul.accounts.services import _TOKEN_MEMBERSHIPS, issue_api_token
from rangkul.activities.tests.factories import make_case, make_peer_case
from rangkul.cases.models import Tier, TierChange
from rangkul.cases.permissions import case_scope
from rangkul.cases.queries import (
    _CASE_BY_KEY,
    _HANDED_OVER,
    _OWN_PERSON,
    _TIER_CHANGES,
    _TRIAGE_PAGE_ROWS,
    _WAITING_WITH_TEXT,
    _WAITING_WITH_TEXT_OF,
    CASE_ROW_FIELDS,
    case_listing,
    counselor_queue,
    get_case_for,
    read_triage,
    triage_queue,
    visible_cases,
)
from rangkul.cases.services.cases import change_tier
from rangkul.cases.services.requests import submit_request
from rangkul.lib import crypto
from rangkul.lib.api import take_page
from rangkul.lib.prepared import Prepared, PreparedError
from rangkul.lib.scoping import get_in_scope
from rangkul.safety.models import DutyShift, SafetySettings
from rangkul.safety.roster import _SETTINGS, _SHIFTS_AT
from rangkul.screenings import permissions as screening_permissions
from rangkul.screenings.queries import _ASSIGNMENT_TO_ANSWER, _ASSIGNMENT_TO_ANSWER_IN
from rangkul.screenings.tests.factories import assignment_of, launch

pytestmark = pytest.mark.django_db


def _users_named(names: list[str]) -> QuerySet[User]:
    return User.objects.filter(username__in=names).order_by("username")


def _users_joined_after(moment: datetime.datetime, name: str) -> QuerySet[User]:
    return User.objects.filter(date_joined__gt=moment, username=name)


def _contains(fragment: str) -> QuerySet[User]:
    return User.objects.filter(username__contains=fragment)


def test_a_prepared_query_compiles_once_and_answers_each_call_with_its_own_values(school):
    prepared = Prepared(_users_named, names=[str])
    assert prepared.run(names=["siswa1"]) == [school.siswa]
    assert prepared.run(names=["konselor1"]) == [school.konselor]
    assert prepared.run(names=["siswa1", "konselor1"]) == list(
        _users_named(["siswa1", "konselor1"])
    )
    assert prepared.run(names=[]) == []
    assert prepared.run(names=["nobody"]) == []


def test_dates_and_text_are_swapped_in_whatever_form_the_database_takes_them(school):
    prepared = Prepared(_users_joined_after, moment=datetime.datetime, name=str)
    long_ago = timezone.now() - datetime.timedelta(days=3650)
    assert prepared.run(moment=long_ago, name="siswa1") == [school.siswa]
    assert prepared.run(moment=timezone.now() + datetime.timedelta(days=1), name="siswa1") == []


def test_a_value_the_sql_rewrites_is_refused_at_the_first_call():
    # `contains` wraps the text in wildcards: it is not a plain parameter to swap.
    with pytest.raises(PreparedError):
        Prepared(_contains, fragment=str).run(fragment="siswa")


def test_wrong_parameter_names_are_refused():
    with pytest.raises(TypeError):
        Prepared(_users_named, names=[str]).run(people=["a"])


def test_the_token_read_matches_its_plain_form_for_live_expired_and_revoked_tokens(school):
    live, _token = issue_api_token(user=school.konselor)
    revoked, gone = issue_api_token(user=school.siswa)
    ApiToken.objects.filter(pk=gone.pk).update(revoked_at=timezone.now())
    expired, old = issue_api_token(user=school.koordinator)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    now = timezone.now()
    for raw in (live, revoked, expired, "not-a-token"):
        values = {"key_hash": hash_token(raw), "now": now}
        assert _rows(_TOKEN_MEMBERSHIPS.run(**values)) == _rows(_TOKEN_MEMBERSHIPS.plain(**values))
    found = _TOKEN_MEMBERSHIPS.run(key_hash=hash_token(live), now=now)
    assert [m.user for m in found] == [school.konselor]
    assert found[0].organisation == school.org  # select_related came along


def test_a_replayed_read_is_one_statement_like_the_plain_one(school):
    live, _token = issue_api_token(user=school.konselor)
    values = {"key_hash": hash_token(live), "now": timezone.now()}
    _TOKEN_MEMBERSHIPS.run(**values)
    with CaptureQueriesContext(connection) as replayed:
        rows = _TOKEN_MEMBERSHIPS.run(**values)
        assert rows[0].user.username == school.konselor.username
        assert rows[0].organisation.name == school.org.name
    assert len(replayed) == 1


def test_the_assignment_to_answer_matches_its_plain_form_for_every_role(school, other_school):
    campaign = launch(school)
    mine = assignment_of(campaign, school.siswa)
    for user in (school.siswa, school.konselor, school.sebaya, other_school.konselor):
        working = screening_permissions.working_organisations(user)
        for pk in (mine.pk, uuid.uuid4()):
            values: dict[str, Any] = {"pk": pk, "user_id": user.pk, "working": working}
            assert _rows(_ASSIGNMENT_TO_ANSWER.run(**values)) == _rows(
                _ASSIGNMENT_TO_ANSWER.plain(**values)
            )
            values["lang"] = "id"
            prepared = _ASSIGNMENT_TO_ANSWER_IN.run(**values)
            plain = list(_ASSIGNMENT_TO_ANSWER_IN.plain(**values))
            assert _rows(prepared) == _rows(plain)
            assert [a._override_id for a in prepared] == [a._override_id for a in plain]  # type: ignore[attr-defined]
    own = _ASSIGNMENT_TO_ANSWER.run(pk=mine.pk, user_id=school.siswa.pk, working=[])
    assert own == [mine]
    assert own[0].campaign.organisation == school.org
    outsider = screening_permissions.working_organisations(other_school.konselor)
    assert (
        _ASSIGNMENT_TO_ANSWER.run(pk=mine.pk, user_id=other_school.konselor.pk, working=outsider)
        == []
    )


def _rows(objects: Any) -> list[tuple[Any, ...]]:
    """What a caller reads of each row: its primary key and every concrete field."""
    return [tuple(getattr(o, f.attname) for f in type(o)._meta.concrete_fields) for o in objects]


def test_memberships_type_is_what_the_token_read_returns(school):
    live, _token = issue_api_token(user=school.konselor)
    rows = _TOKEN_MEMBERSHIPS.run(key_hash=hash_token(live), now=timezone.now())
    assert all(isinstance(row, Membership) for row in rows)


def test_the_memberships_read_matches_its_plain_form_for_every_persona(school, personas):
    organisations = type(school.org).objects.filter(pk=school.org.pk)
    for active in (True, False):
        organisations.update(is_active=active)
        for name, user in personas.items():
            rows = sorted(_rows(_MEMBERSHIPS.run(user_id=user.pk)))
            plain = Membership.objects.filter(user=user, organisation__is_active=True)
            assert rows == sorted(_rows(plain)), (name, active)
    organisations.update(is_active=True)
    found = _MEMBERSHIPS.run(user_id=school.konselor.pk)
    assert found and all(m.organisation.pk == m.organisation_id for m in found)


def test_the_tier_changes_of_a_case_match_their_plain_form(school):
    case = make_case(school.org, school.siswa_person, lead=school.konselor)
    other = make_case(school.org, school.siswa_person, lead=school.konselor)
    for to_tier, reason in ((Tier.PSYCHOSOCIAL, "Butuh dukungan"), (Tier.COUNSELING, "Membaik")):
        change_tier(by=school.konselor, case=case, to_tier=to_tier, reason=reason)
    for pk in (case.pk, other.pk, uuid.uuid4()):
        found = _TIER_CHANGES.run(case_id=pk)
        assert _rows(found) == _rows(TierChange.objects.filter(case_id=pk)), pk
        assert [t.by for t in found] == [t.by for t in TierChange.objects.filter(case_id=pk)]
    assert len(_TIER_CHANGES.run(case_id=case.pk)) == 2


def test_the_case_to_write_in_matches_its_plain_form(school):
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    for pk in (case.pk, uuid.uuid4()):
        assert _rows(_CASE_BY_KEY.run(pk=pk)) == _rows(_CASE_BY_KEY.plain(pk=pk))
    (found,) = _CASE_BY_KEY.run(pk=case.pk)
    assert found.person.user == school.siswa and found.lead == school.sebaya


def test_the_help_request_reads_match_their_plain_forms(school):
    for org, user in ((school.org, school.siswa), (school.org, school.konselor)):
        values = {"organisation_id": org.id, "user_id": user.pk}
        assert _rows(_OWN_PERSON.run(**values)) == _rows(_OWN_PERSON.plain(**values))
    text = "Aku lagi bingung soal jurusan kuliah"
    submit_request(
        by=school.siswa, organisation=school.org, text=text, domain="career", urgency="low"
    )
    for words in (text, "teks lain"):
        since = timezone.now() - datetime.timedelta(hours=1)
        values = {"created_by": school.siswa.pk, "digests": crypto.digests(words), "since": since}
        assert _rows(_WAITING_WITH_TEXT.run(**values)) == _rows(_WAITING_WITH_TEXT.plain(**values))
        values["person"] = school.siswa_person.pk
        assert _rows(_WAITING_WITH_TEXT_OF.run(**values)) == _rows(
            _WAITING_WITH_TEXT_OF.plain(**values)
        )
    found = _WAITING_WITH_TEXT.run(
        created_by=school.siswa.pk,
        digests=crypto.digests(text),
        since=timezone.now() - datetime.timedelta(hours=1),
    )
    assert len(found) == 1 and found[0].text == text


def _memberships_of(user_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user_id)


def test_the_alert_ladders_reads_match_their_plain_forms(school, other_school):
    SafetySettings.objects.create(organisation=school.org, safeguarding_lead=school.koordinator)
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    DutyShift.objects.create(
        organisation=school.org, user=school.konselor, starts_at=now - hour, ends_at=now + hour
    )
    DutyShift.objects.create(
        organisation=school.org,
        user=school.koordinator,
        starts_at=now + hour,
        ends_at=now + 2 * hour,
    )
    for org in (school.org, other_school.org):
        assert _rows(_SETTINGS.run(org=org.pk)) == _rows(_SETTINGS.plain(org=org.pk))
        for at in (now, now + 1.5 * hour, now + 3 * hour):
            found = _SHIFTS_AT.run(org=org.pk, at=at)
            assert _rows(found) == _rows(_SHIFTS_AT.plain(org=org.pk, at=at)), (org, at)
            assert [s.user for s in found] == [s.user for s in _SHIFTS_AT.plain(org=org.pk, at=at)]
    assert [s.user for s in _SHIFTS_AT.run(org=school.org.pk, at=now)] == [school.konselor]
    assert [s.user for s in _SHIFTS_AT.run(org=school.org.pk, at=now + 1.5 * hour)] == [
        school.koordinator
    ]
    assert _SETTINGS.run(org=school.org.pk)[0].safeguarding_lead == school.koordinator
    for roles in ([Role.COORDINATOR], [Role.COUNSELOR, Role.COORDINATOR], [Role.STUDENT], []):
        for org in (school.org, other_school.org):
            found = _MEMBERS_WITH_ROLES.run(organisation_id=org.pk, roles=roles)
            assert found == list(members_with_roles(org.pk, roles)), (org, roles)
    coordinators = _MEMBERS_WITH_ROLES.run(organisation_id=school.org.pk, roles=[Role.COORDINATOR])
    assert coordinators == [school.koordinator]


def test_integer_markers_stay_inside_the_columns_range(school):
    # A marker Django finds out of range would compile to "no rows" for every value.
    prepared = Prepared(_memberships_of, user_id=int)
    assert [m.user_id for m in prepared.run(user_id=school.konselor.pk)] == [school.konselor.pk]


def _impossible(name: str) -> QuerySet[User]:
    return User.objects.filter(username=name, pk__in=[])


def test_a_query_empty_whatever_the_values_is_refused():
    with pytest.raises(PreparedError):
        Prepared(_impossible, name=str).run(name="siswa1")


def test_a_prepared_page_and_count_match_the_sliced_and_counted_queryset(school):
    names = ["siswa1", "sebaya1", "konselor1", "koordinator1", "walikelas1", "kepsek1"]
    prepared = Prepared(_users_named, names=[str])
    rows = prepared.rows(names=names)
    assert rows.count() == _users_named(names).count() == 6
    for start, stop in ((0, 2), (2, 4), (4, 10), (6, 8), (3, 3)):
        assert rows[start:stop] == list(_users_named(names)[start:stop])
    assert prepared.rows(names=[]).count() == 0 and prepared.rows(names=[])[0:5] == []
    assert list(rows) == list(_users_named(names)) and len(rows) == 6
    assert rows[3] == _users_named(names)[3]
    with pytest.raises(IndexError):
        rows[6]


def _users_locked(name: str) -> QuerySet[User]:
    return User.objects.filter(username=name).select_for_update()


def test_a_locked_or_sliced_query_is_not_paged():
    with pytest.raises(PreparedError):
        Prepared(_users_locked, name=str).page(limit=5, name="siswa1")
    with pytest.raises(PreparedError):
        Prepared(lambda name: _users_named([name])[:3], name=str).page(limit=5, name="siswa1")


def test_a_signed_in_page_audits_without_looking_the_actor_up_again(school):
    """The memberships read of every signed-in page brings the person's audit identity,
    so a page that records an event does not read it again."""
    from rangkul.audit.models import AuditEvent, subject_of

    client = Client()
    client.force_login(school.konselor)
    submit_request(
        by=school.siswa,
        organisation=school.org,
        text="Aku susah tidur terus karena ujian",
        domain="personal",
        urgency="high",
    )
    client.get("/triage/")  # the first event makes the identity
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/triage/").status_code == 200
    naming = [q["sql"] for q in ctx.captured_queries if "audit_auditsubject" in q["sql"]]
    assert len(naming) == 1 and "accounts_membership" in naming[0], naming
    event = AuditEvent.objects.filter(verb="request.listed").latest("id")
    assert event.actor_subject_id == subject_of(school.konselor).pk


def test_a_sliced_query_is_counted_up_to_its_slice_like_the_plain_one(school):
    names = ["siswa1", "sebaya1", "konselor1", "koordinator1", "walikelas1", "kepsek1"]
    capped = Prepared(lambda names: _users_named(names)[:3], names=[str])
    for chosen in (names, names[:2], []):
        assert capped.count(names=chosen) == _users_named(chosen)[:3].count()


def test_the_bell_counts_unread_notices_like_its_plain_form(school):
    from rangkul.notifications.models import Notification
    from rangkul.notifications.queries import _UNREAD, _unread_of, unread_count

    assert unread_count(school.konselor) == 0
    Notification.objects.bulk_create(
        Notification(recipient=school.konselor, kind="new_message") for _ in range(103)
    )
    Notification.objects.filter(pk__in=Notification.objects.values("pk")[:2]).update(
        read_at=timezone.now()
    )
    for user in (school.konselor, school.siswa):
        plain = _unread_of(user.pk).count()
        assert _UNREAD.count(recipient_id=user.pk) == plain == unread_count(user)
    assert unread_count(school.konselor) == 100  # stops past 99: the badge shows "99+"


def test_a_prepared_values_read_gives_the_rows_of_the_plain_one(school):
    """`values()` reads are run straight on a cursor: the same dicts, keys and converted
    values (times, keys, the related column) as Django's own iterable gives."""

    def named(names: list[str]) -> QuerySet[Any]:
        return _users_named(names).values("pk", "username", "date_joined", "last_login")

    names = ["siswa1", "konselor1", "nobody"]
    prepared = Prepared(named, names=[str])
    assert prepared.run(names=names) == list(named(names))
    assert prepared.page(limit=1, offset=1, names=names) == list(named(names)[1:2])
    memberships = Prepared(
        lambda user_id: (
            Membership.objects.filter(user_id=user_id)
            .order_by("pk")
            .values("pk", "organisation__name", "role")
        ),
        user_id=int,
    )
    assert memberships.run(user_id=school.konselor.pk) == list(
        memberships.plain(user_id=school.konselor.pk)
    )


def _plain_case_rows(user: Any, org: Any, **filters: str) -> QuerySet[Any]:
    """The cases list as it was read before it was prepared: `visible_cases` filtered."""
    qs = visible_cases(user, org.id).select_related(None).filter(**filters)
    return qs.order_by("-opened_at", "-pk").values(*CASE_ROW_FIELDS)


def test_the_cases_list_matches_its_plain_form_for_every_persona_and_filter(
    school, other_school, personas
):
    others = other_school
    make_peer_case(school.org, school.siswa_person, school.sebaya)
    make_case(school.org, school.siswa_person, lead=school.konselor)
    make_case(school.org, school.siswa_person)  # waits in the counselor queue
    make_case(school.org, school.siswa_person, tier=Tier.PEER)
    make_case(others.org, others.siswa_person, lead=others.konselor)
    led = make_case(school.org, school.siswa_person, lead=school.koordinator)
    led.team.add(school.konselor)
    for org in (school.org, others.org):
        for name, user in personas.items():
            for filters in ({}, {"tier": Tier.PEER}, {"tier": Tier.COUNSELING, "status": "open"}):
                chosen = {"tier": str(filters.get("tier", "")), "status": filters.get("status", "")}
                listing = case_listing(user, org, **chosen)
                plain = _plain_case_rows(user, org, **filters)
                assert listing.rows.count() == plain.count(), (name, filters)
                assert listing.rows[0:100] == list(plain), (name, filters)
                assert listing.rows[1:3] == list(plain[1:3]), (name, filters)
    # A cursor walks the plain queryset on the opening time, as before.
    page = take_page(case_listing(school.koordinator, school.org).rows, limit=2, cursor="")
    assert page.count == 5 and len(page.items) == 2 and page.next_cursor


def test_the_triage_reads_match_their_plain_forms_for_every_persona(school, other_school, personas):
    for org in (school.org, other_school.org):
        submit_request(
            by=school.siswa if org == school.org else other_school.siswa,
            organisation=org,
            text="Aku susah tidur terus karena ujian",
            domain="personal",
            urgency="high",
        )
    make_case(school.org, school.siswa_person)  # handed over: waits for a counselor
    make_case(school.org, school.siswa_person, lead=school.konselor)
    for org in (school.org, other_school.org):
        for name, user in personas.items():
            values = {"user_id": user.pk, "organisation_id": org.id, **case_scope(user)}
            queue = _TRIAGE_PAGE_ROWS.rows(**values)
            plain = triage_queue(user, org.id)
            assert queue.count() == plain.count(), name
            assert [r["pk"] for r in queue[0:25]] == [r.pk for r in plain[0:25]], name
            handed = _HANDED_OVER.run(**values)
            assert _rows(handed) == _rows(counselor_queue(user, org.id)), name
    page, handed = read_triage(school.konselor, school.org)
    assert page.paginator.count == 1 and len(handed) == 1
    assert page.object_list[0]["person__full_name"] == school.siswa_person.full_name


def test_the_case_in_scope_matches_its_plain_form_for_every_persona(school, other_school, personas):
    cases = [
        make_peer_case(school.org, school.siswa_person, school.sebaya),
        make_case(school.org, school.siswa_person, lead=school.konselor),
        make_case(school.org, school.siswa_person),
        make_case(other_school.org, other_school.siswa_person, lead=other_school.konselor),
    ]
    for name, user in personas.items():
        for case in cases:
            plain = visible_cases(user).select_related("organisation", "person__user", "request")
            try:
                expected = [get_in_scope(plain, case.pk)]
            except Http404:
                expected = []
            try:
                found = [get_case_for(user, case.pk)]
            except Http404:
                found = []
            assert _rows(found) == _rows(expected), name
            if found:
                assert found[0].person.user_id == expected[0].person.user_id
                assert found[0].organisation.name == expected[0].organisation.name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_a_hot_read_is_planned_once_and_then_reused(school):
    """Parameters are bound on the server (decision 0061): after a few requests the token
    read of every API call is a prepared statement that PostgreSQL runs on a kept plan
    instead of planning it again each time."""
    token, _row = issue_api_token(user=school.siswa)
    client = Client()
    for _ in range(12):
        answer = client.get("/api/v1/assignments", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement LIKE %s",
            ["%accounts_apitoken%", "%accounts_membership%"],
        )
        plans = cursor.fetchall()
    assert len(plans) == 1, plans
    generic, custom = plans[0]
    # PostgreSQL plans the first five runs for their values, then keeps one plan.
    assert custom <= 5 and generic >= 1, plans
