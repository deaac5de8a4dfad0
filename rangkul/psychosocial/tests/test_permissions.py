"""Who sees what: programmes, beneficiary records and PFA contacts (the matrix).

Rows: the field worker on the team, a field worker of the post on no team, the coordinator,
the administrator, a peer supporter and a counselor of a school, a provider."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.psychosocial import permissions, queries, services
from rangkul.psychosocial.tests import factories as f


@pytest.fixture
def world(post):
    b = f.beneficiary(post.programme, post.relawan, full_name="Kartika")
    pfa, _ = services.log_pfa_contact(
        by=post.relawan,
        programme=post.programme,
        data=services.PfaData(
            beneficiary=b, starts_at=timezone.now() - timedelta(hours=2), needs=["safety"]
        ),
    )
    school = OrganisationFactory()
    provider_org = OrganisationFactory(kind=OrganisationKind.PROVIDER, npsn="")
    people = {
        "team": post.relawan,
        "other_worker": post.relawan2,
        "coordinator": post.koordinator,
        "admin": post.admin,
        "peer": member(school, Role.PEER_SUPPORTER, username="sebaya-lain"),
        "school_counselor": member(school, Role.COUNSELOR, username="konselor-lain"),
        "provider": member(provider_org, Role.PROVIDER, username="psikolog-lain"),
    }
    return post, b, pfa, people


#            programme: see, keep · beneficiary · PFA contact · dashboard page
MATRIX = {
    "team":             (True,  False, True,  True,  200),
    "other_worker":     (False, False, False, False, 404),
    "coordinator":      (True,  True,  True,  True,  200),
    "admin":            (True,  True,  False, False, 404),
    "peer":             (False, False, False, False, 404),
    "school_counselor": (False, False, False, False, 404),
    "provider":         (False, False, False, False, 404),
}  # fmt: skip


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_permission_matrix(client, world, who) -> None:
    post, b, pfa, people = world
    user = people[who]
    see, keep, see_b, see_pfa, page = MATRIX[who]
    prog = post.programme
    assert permissions.can_view_programme(user, prog) is see
    assert queries.visible_programmes(user).filter(pk=prog.pk).exists() is see
    assert permissions.can_manage_programmes(user, prog.organisation_id) is keep
    assert permissions.can_view_beneficiary(user, b) is see_b
    assert queries.visible_beneficiaries(user).filter(pk=b.pk).exists() is see_b
    assert permissions.can_view_pfa(user, pfa) is see_pfa
    assert queries.visible_pfa_contacts(user).filter(pk=pfa.pk).exists() is see_pfa
    client.force_login(user)
    assert client.get(reverse("psychosocial_programme", args=[prog.pk])).status_code == page
    assert client.get(reverse("psychosocial_pfa", args=[pfa.pk])).status_code == (
        200 if see_pfa else 404
    )
    listing = client.get(reverse("psychosocial_beneficiaries", args=[prog.pk]))
    assert listing.status_code == (200 if see_b else 404)


def test_a_field_worker_who_loses_the_role_loses_the_programme(world) -> None:
    post, b, _pfa, _people = world
    from rangkul.accounts.models import Membership
    from rangkul.accounts.permissions import forget_roles

    Membership.objects.filter(user=post.relawan, role=Role.FIELD_WORKER).delete()
    forget_roles(post.relawan)
    assert not queries.visible_beneficiaries(post.relawan).exists()
