import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.regions.forms import RegionField
from rangkul.regions.models import Region
from rangkul.regions.validators import unknown_codes, validate_region_code

pytestmark = pytest.mark.django_db


def test_the_table_is_loaded_with_every_level() -> None:
    assert Region.objects.get(pk="32").name == "Jawa Barat"
    assert Region.objects.get(pk="32.73").name == "Kota Bandung"
    village = Region.objects.get(pk="32.73.02.1001")
    assert (village.name, village.level, village.parent_id) == ("Cipaganti", 4, "32.73.02")
    assert Region.objects.filter(level=1).count() == 38
    assert Region.objects.filter(level=4).count() > 80000


def test_the_validator_knows_the_codes() -> None:
    validate_region_code("32.73.02")
    with pytest.raises(ValidationError) as shape:
        validate_region_code("3273")
    assert shape.value.code == "region_shape"
    with pytest.raises(ValidationError, match="99.01") as unknown:
        validate_region_code("99.01")
    assert unknown.value.code == "region_unknown"
    assert unknown_codes(["32", "32.73", "99.99", ""]) == ["99.99"]


def test_the_picker_field_takes_the_deepest_level_chosen() -> None:
    field = RegionField(min_level=3)
    data = {"r_1": "32", "r_2": "32.73", "r_3": "32.73.02", "r_4": ""}
    assert field.widget.value_from_datadict(data, {}, "r") == "32.73.02"
    assert field.clean("32.73.02") == "32.73.02"
    with pytest.raises(ValidationError):
        field.clean("32.73")  # only down to the city


def test_the_picker_renders_the_levels_of_a_chosen_code() -> None:
    html = RegionField().widget.render("r", "32.73.02")
    assert 'value="32.73.02" selected' in html
    assert "Cipaganti" in html  # the villages of the district are offered
    assert 'name="r_4"' in html


def test_the_children_endpoint_lists_the_next_level(client) -> None:
    user = member(OrganisationFactory(), Role.COUNSELOR, username="pemilih")
    client.force_login(user)
    url = reverse("region_children")
    provinces = client.get(url).json()["regions"]
    assert {"code": "32", "name": "Jawa Barat"} in provinces
    districts = client.get(url, {"parent": "32.73"}).json()["regions"]
    assert {"code": "32.73.02", "name": "Coblong"} in districts
    assert all(r["code"].startswith("32.73.") for r in districts)
    assert client.get(url, {"parent": "32.73.02.1001"}).status_code == 400
    assert client.get(url, {"parent": "x"}).status_code == 400


def test_the_children_endpoint_needs_a_login(client) -> None:
    assert client.get(reverse("region_children")).status_code == 302
