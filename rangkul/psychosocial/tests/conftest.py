from dataclasses import dataclass
from typing import Any

import pytest

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.psychosocial.tests import factories as f


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Post:
    """A community post with a flood programme: relawan is on its team, relawan2 is a
    field worker of the post on no team, koordinator leads, admin keeps the programmes."""

    org: Any
    relawan: Any
    relawan2: Any
    koordinator: Any
    admin: Any
    programme: Any


@pytest.fixture
def post(db: Any) -> Post:
    org = f.community()
    relawan = f.field_worker(org, "relawan")
    relawan2 = f.field_worker(org, "relawan2")
    koordinator = member(org, Role.COORDINATOR, username="koordinator-posko")
    admin = member(org, Role.ADMIN, username="admin-posko")
    prog = f.programme(org, koordinator, team=[relawan])
    return Post(org, relawan, relawan2, koordinator, admin, prog)
