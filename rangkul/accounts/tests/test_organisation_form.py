"""An organisation's region code must be in the Kemendagri table, not only look like one."""

import pytest
from django.utils import translation

from rangkul.accounts.forms import OrganisationForm
from rangkul.accounts.models import Organisation, OrganisationKind


def _form(region_code: str) -> OrganisationForm:
    return OrganisationForm(
        {
            "name": "SMA Negeri Uji",
            "kind": OrganisationKind.SCHOOL,
            "npsn": "20219999",
            "region_code": region_code,
            "time_zone": "Asia/Jakarta",
            "is_active": "on",
            "mfa_grace_days": 14,
        }
    )


@pytest.mark.django_db
def test_a_known_region_code_is_saved() -> None:
    form = _form("32.73.02")
    assert form.is_valid(), form.errors
    assert form.save().region_code == "32.73.02"


@pytest.mark.django_db
def test_an_unknown_region_code_is_refused_in_indonesian_and_nothing_is_saved() -> None:
    with translation.override("id"):
        form = _form("32.99")
        assert not form.is_valid()
        assert form.errors["region_code"] == [
            "32.99 tidak ada dalam tabel kode wilayah Kemendagri."
        ]
    assert not Organisation.objects.filter(name="SMA Negeri Uji").exists()


@pytest.mark.django_db
def test_a_code_of_the_wrong_shape_gets_one_message() -> None:
    form = _form("3273")
    assert not form.is_valid()
    assert len(form.errors["region_code"]) == 1


@pytest.mark.django_db
def test_the_admin_uses_the_form(admin_client) -> None:
    answer = admin_client.post(
        "/admin/accounts/organisation/add/",
        {**_form("99.01").data, "region_code": "99.01"},
    )
    assert answer.status_code == 200
    assert not Organisation.objects.filter(name="SMA Negeri Uji").exists()
