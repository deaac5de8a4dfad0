from typing import Any

import pytest

from rangkul.cases import services
from rangkul.cases.models import Case, SupportRequest
from rangkul.peers.models import PeerProfile


@pytest.fixture
def peer_ready(school: Any) -> PeerProfile:
    """School 1's peer supporter, available for matching."""
    return PeerProfile.objects.create(organisation=school.org, user=school.sebaya, gender="female")


def ask(
    school: Any, text: str = "Aku lagi bingung soal pelajaran matematika", **kw: Any
) -> SupportRequest:
    values = {"domain": "learning", "urgency": "medium", "helper_choice": "either"}
    values.update(kw)
    return services.submit_request(by=school.siswa, organisation=school.org, text=text, **values)


@pytest.fixture
def peer_case(school: Any, peer_ready: PeerProfile) -> Case:
    """A case at the peer tier: the student asked, the peer supporter accepted."""
    request = ask(school)
    return services.accept_offer(by=school.sebaya, support_request=request)


@pytest.fixture
def counseling_case(school: Any) -> Case:
    """A counseling case led by the school's counselor."""
    request = ask(school, helper_choice="counselor")
    return services.assign_request(by=school.konselor, support_request=request, to=school.konselor)
