"""Permission matrix for organisations, memberships and the organisation's audit log."""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.accounts import permissions, queries
from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role

SCHOOL_MEMBERS = {"siswa", "sebaya", "konselor", "koordinator", "walikelas", "kepsek", "admin"}
ORG_VIEW = SCHOOL_MEMBERS | {"analis"}
# Seeing a student's membership: the student, and those who look after members.
MEMBERSHIP_VIEW = {"siswa", "koordinator", "admin"}
# Removing a student role: the administrator only.
MEMBERSHIP_CHANGE = {"admin"}
# Removing a peer supporter role: the administrator and the programme lead.
PEER_MEMBERSHIP_CHANGE = {"admin", "koordinator"}
ORG_AUDIT_VIEW = {"admin"}
MEMBERS_PAGE = {"koordinator", "admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_matrix(persona, personas, school):
    user = personas[persona]
    allowed = persona in ORG_VIEW
    assert permissions.can_view_organisation(user, school.org) is allowed
    assert queries.visible_organisations(user).filter(pk=school.org.pk).exists() is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_membership_matrix(persona, personas, school):
    user = personas[persona]
    student_role = Membership.objects.get(user=school.siswa, role=Role.STUDENT)
    peer_role = Membership.objects.get(user=school.sebaya, role=Role.PEER_SUPPORTER)
    allowed = persona in MEMBERSHIP_VIEW
    assert permissions.can_view_membership(user, student_role) is allowed
    assert queries.visible_memberships(user).filter(pk=student_role.pk).exists() is allowed
    assert permissions.can_change_role(user, school.org.id, Role.STUDENT, school.siswa) is (
        persona in MEMBERSHIP_CHANGE
    )
    assert permissions.can_change_role(user, school.org.id, Role.PEER_SUPPORTER, school.sebaya) is (
        persona in PEER_MEMBERSHIP_CHANGE
    )
    del peer_role


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_pages_matrix(persona, personas, school, client: Client):
    user = personas[persona]
    client.force_login(user)
    assert client.get("/members/").status_code == (200 if persona in MEMBERS_PAGE else 404)
    log_status = client.get("/members/log/").status_code
    assert log_status == (200 if persona in ORG_AUDIT_VIEW else 404)
    assert permissions.can_view_org_audit(user, school.org.id) is (persona in ORG_AUDIT_VIEW)


def test_nobody_may_change_their_own_roles(school):
    assert not permissions.can_change_role(school.admin, school.org.id, Role.ADMIN, school.admin)
    assert not permissions.can_change_role(
        school.koordinator, school.org.id, Role.PEER_SUPPORTER, school.koordinator
    )


def test_superuser_flag_grants_no_access_to_people(school, other_school):
    other_school.admin.is_superuser = True
    other_school.admin.save()
    assert not queries.visible_organisations(other_school.admin).filter(pk=school.org.pk).exists()
