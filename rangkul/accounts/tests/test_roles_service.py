import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import WORKER, run_worker
from rangkul.accounts import services
from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import UserFactory
from rangkul.audit.models import AuditEvent
from rangkul.notifications.models import Notification


def test_admin_grants_a_role_which_is_audited_and_notified_to_the_coordinator(school):
    newcomer = UserFactory()
    membership = services.grant_role(
        by=school.admin, user=newcomer, organisation=school.org, role=Role.COUNSELOR
    )
    event = AuditEvent.objects.get(verb="membership.granted")
    assert event.actor == school.admin
    assert event.organisation == school.org
    assert event.data == {"user": str(newcomer.public_id), "role": "counselor"}
    assert event.object_id == str(membership.pk)
    notice = Notification.objects.get(recipient=school.koordinator)
    assert notice.kind == "role_granted"


@WORKER
def test_notice_email_leaves_after_commit_and_names_nobody(
    school, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(first_name="Rahasia", last_name="Sekali")
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_role(
            by=school.admin, user=newcomer, organisation=school.org, role=Role.COUNSELOR
        )
    assert len(mail.outbox) == 0  # queued, not sent inside the request
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [school.koordinator.email]
    assert "Rahasia" not in message.body and "Sekali" not in message.body
    assert "Konselor" not in message.body and "counselor" not in message.body
    assert "http://" in message.body


def test_nobody_grants_a_role_to_themselves(school):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=school.admin, user=school.admin, organisation=school.org, role=Role.COUNSELOR
        )
    assert not AuditEvent.objects.filter(verb="membership.granted").exists()


def test_coordinator_may_grant_only_the_peer_supporter_role(school):
    services.grant_role(
        by=school.koordinator, user=school.siswa, organisation=school.org, role=Role.PEER_SUPPORTER
    )
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=school.koordinator, user=school.siswa, organisation=school.org, role=Role.COUNSELOR
        )
    assert not Membership.objects.filter(user=school.siswa, role=Role.COUNSELOR).exists()


def test_a_counselor_cannot_grant_roles(school):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=school.konselor, user=school.siswa, organisation=school.org, role=Role.PEER_SUPPORTER
        )


def test_an_admin_of_another_school_cannot_grant_here(school, other_school):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=other_school.admin,
            user=school.siswa,
            organisation=school.org,
            role=Role.PEER_SUPPORTER,
        )


def test_granting_a_role_twice_is_refused_with_a_clear_message(school):
    with pytest.raises(ValidationError) as exc:
        services.grant_role(
            by=school.admin, user=school.siswa, organisation=school.org, role=Role.STUDENT
        )
    assert "sudah" in " ".join(exc.value.messages)


def test_revoking_a_role_is_audited_and_takes_effect(school):
    membership = Membership.objects.get(user=school.sebaya, role=Role.PEER_SUPPORTER)
    services.revoke_role(by=school.koordinator, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(verb="membership.revoked")
    assert event.data["role"] == "peer_supporter"


def test_the_last_administrator_cannot_be_removed(school, other_school):
    # A second admin of this school tries to remove the only other one … after becoming one.
    second = UserFactory()
    services.grant_role(by=school.admin, user=second, organisation=school.org, role=Role.ADMIN)
    services.revoke_role(
        by=second, membership=Membership.objects.get(user=school.admin, role=Role.ADMIN)
    )
    remaining = Membership.objects.get(user=second, role=Role.ADMIN)
    helper = UserFactory()
    Membership.objects.create(user=helper, organisation=school.org, role=Role.ADMIN)
    Membership.objects.filter(user=helper).delete()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.revoke_role(by=second, membership=remaining)
    assert Membership.objects.filter(pk=remaining.pk).exists()


def test_create_member_makes_a_login_with_its_first_role(school, client):
    membership = services.create_member(
        by=school.admin,
        organisation=school.org,
        role=Role.COUNSELOR,
        username="baru",
        first_name="Guru",
        last_name="Baru",
        email="",
        password="sangat-rahasia-2026",
    )
    assert membership.user.check_password("sangat-rahasia-2026")
    assert AuditEvent.objects.filter(verb="membership.user_created").count() == 1


def test_members_page_shows_form_errors_in_indonesian_and_changes_nothing(school, client):
    client.force_login(school.admin)
    before = Membership.objects.count()
    response = client.post(
        "/members/", {"action": "grant", "username": "tidak-ada", "role": "counselor"}
    )
    assert response.status_code == 400
    assert "Tidak ada pengguna aktif dengan nama pengguna ini." in response.content.decode()
    assert Membership.objects.count() == before


def test_members_page_grants_a_role(school, client):
    newcomer = UserFactory(username="gurubaru")
    client.force_login(school.admin)
    response = client.post(
        "/members/", {"action": "grant", "username": "GuruBaru", "role": "counselor"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=newcomer, role="counselor", organisation=school.org
    ).exists()
