import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.audit.models import AuditEvent
from rangkul.referrals import hsds, queries, services
from rangkul.referrals.models import Channel, Provider, ProviderKind
from rangkul.referrals.tests.factories import ProviderFactory

ENTRY = {
    "name": "UPTD PPA Kota Bandung",
    "kind": ProviderKind.UPTD_PPA,
    "services": ["child_protection", "violence_support", "legal_aid"],
    "age_groups": ["children", "adolescents"],
    "costs": ["free"],
    "regions": "32.73",
    "languages": "id, su",
    "hours": "Senin–Jumat 08.00–16.00",
    "phone": "022 765 4321",
    "email": "uptdppa@example.org",
    "website": "https://example.org/ppa",
    "address": "Jl. Contoh No. 1, Bandung",
    "capacity_per_month": 20,
    "description": "Pendampingan anak korban kekerasan.",
}


def test_the_coordinator_adds_an_entry(school):
    provider = services.save_provider(by=school.koordinator, organisation=school.org, **ENTRY)
    assert provider.codes(provider.services) == [
        "child_protection",
        "violence_support",
        "legal_aid",
    ]
    assert provider.region_list == ["32.73"] and provider.language_list == ["id", "su"]
    assert AuditEvent.objects.filter(verb="directory.provider_added").exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", ""),
        ("kind", "dukun"),
        ("services", ["massage"]),
        ("age_groups", []),
        ("regions", "Bandung"),
        ("regions", "32.73, 99.01"),
        ("phone", "telepon saja"),
        ("email", "bukan-email"),
        ("website", "javascript:alert(1)"),
        ("capacity_per_month", "banyak"),
    ],
)
def test_a_bad_entry_changes_nothing(school, field, value):
    with pytest.raises(ValidationError) as exc:
        services.save_provider(
            by=school.koordinator, organisation=school.org, **{**ENTRY, field: value}
        )
    assert field in exc.value.error_dict
    assert not Provider.objects.exists()


def test_in_rangkul_needs_a_provider_organisation(school):
    with pytest.raises(ValidationError) as exc:
        services.save_provider(
            by=school.koordinator, organisation=school.org, channel=Channel.IN_RANGKUL, **ENTRY
        )
    assert "provider_organisation" in exc.value.error_dict
    biro = OrganisationFactory(kind=OrganisationKind.PROVIDER, npsn="", name="Biro Jiwa")
    provider = services.save_provider(
        by=school.koordinator,
        organisation=school.org,
        channel=Channel.IN_RANGKUL,
        provider_organisation=biro,
        **ENTRY,
    )
    assert provider.provider_organisation == biro


def test_counselors_and_teachers_do_not_keep_the_directory(school):
    for user in (school.konselor, school.walikelas, school.siswa):
        with pytest.raises(PermissionDenied):
            services.save_provider(by=user, organisation=school.org, **ENTRY)


def test_search_by_region_service_age_and_cost(school):
    city = ProviderFactory(organisation=school.org, name="Kota", regions=",32.73,")
    province = ProviderFactory(
        organisation=school.org, name="Provinsi", regions=",32,", costs=",free,bpjs,"
    )
    national = ProviderFactory(
        organisation=school.org,
        name="Hotline",
        kind=ProviderKind.HOTLINE,
        regions="",
        services=",crisis_line,",
        age_groups=",children,adolescents,adults,",
        costs=",free,",
    )
    elsewhere = ProviderFactory(organisation=school.org, name="Surabaya", regions=",35.78,")

    def names(**filters):
        return set(
            queries.visible_providers(school.konselor, **filters).values_list("name", flat=True)
        )

    assert names(region="32.73.01") == {"Kota", "Provinsi", "Hotline"}
    assert names(region="32") == {"Kota", "Provinsi", "Hotline"}
    assert names(region="35.78") == {"Surabaya", "Hotline"}
    assert names(service="crisis_line") == {national.name}
    assert names(age=10) == {"Hotline"}
    assert names(age=15) == {city.name, province.name, national.name, elsewhere.name}
    assert names(cost="free") == {"Provinsi", "Hotline"}
    assert names(cost="bpjs", region="32.73") == {"Provinsi"}


def test_hsds_json_round_trip(school, other_school):
    services.save_provider(by=school.koordinator, organisation=school.org, **ENTRY)
    text = services.export_directory(
        by=school.koordinator, organisation=school.org, file_format="json"
    )
    exported = json.loads(text)
    assert exported[0]["name"] == "UPTD PPA Kota Bandung"
    assert exported[0]["service_areas"] == [
        {"name": "32.73", "extent": "32.73", "extent_type": "kemendagri"}
    ]
    assert exported[0]["minimum_age"] == 0 and exported[0]["maximum_age"] == 17

    # The same file into another school: the identifiers belong to this school's entries.
    report = services.import_directory(
        by=other_school.koordinator,
        organisation=other_school.org,
        data=text.encode(),
        file_format="json",
    )
    assert not report.applied and report.problems[0].field == "id"
    # Without identifiers it adds a copy with the same values.
    for item in exported:
        del item["id"]
    report = services.import_directory(
        by=other_school.koordinator,
        organisation=other_school.org,
        data=json.dumps({"contents": exported}).encode(),
        file_format="json",
    )
    assert (report.applied, report.created) == (True, 1)
    copy = Provider.objects.get(organisation=other_school.org)
    original = Provider.objects.get(organisation=school.org)
    for field in (
        "name",
        "kind",
        "services",
        "age_groups",
        "regions",
        "languages",
        "costs",
        "hours",
        "phone",
        "email",
        "website",
        "address",
        "capacity_per_month",
    ):
        assert getattr(copy, field) == getattr(original, field), field


def test_a_file_with_one_bad_row_changes_nothing_and_reports_every_problem(school):
    kept = ProviderFactory(organisation=school.org, name="Lama")
    rows = [hsds.to_hsds(kept), hsds.to_hsds(kept)]
    rows[0]["name"] = "Baru"
    del rows[1]["id"]
    rows[1]["service_areas"] = [{"extent": "Jawa Barat"}]
    rows[1]["attributes"] = [
        a for a in rows[1]["attributes"] if a["taxonomy_term"]["taxonomy"] != "rangkul:kind"
    ]
    report = services.import_directory(
        by=school.koordinator,
        organisation=school.org,
        data=json.dumps(rows).encode(),
        file_format="json",
    )
    assert not report.applied
    assert {(p.row, p.field) for p in report.problems} == {(2, "regions"), (2, "kind")}
    kept.refresh_from_db()
    assert kept.name == "Lama"
    assert Provider.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="directory.imported").exists()


def test_not_a_json_file(school):
    report = services.import_directory(
        by=school.koordinator, organisation=school.org, data=b"\x89PNG....", file_format="json"
    )
    assert not report.applied and report.problems[0].row == 0


CSV_SEMICOLON = (
    b"name;kind;services;age_groups;regions;languages;costs;phone\n"
    b"Puskesmas Sukajadi;puskesmas;counseling;children,adolescents,adults;32.73.05;id;"
    b"bpjs,free;022 200 300\n"
)


def test_csv_from_an_indonesian_spreadsheet(school):
    report = services.import_directory(
        by=school.koordinator, organisation=school.org, data=CSV_SEMICOLON, file_format="csv"
    )
    assert report.applied, report.problems
    provider = Provider.objects.get()
    assert provider.kind == ProviderKind.PUSKESMAS
    assert provider.codes(provider.costs) == ["bpjs", "free"]
    # And back out as CSV, with lists separated by semicolons.
    text = services.export_directory(
        by=school.koordinator, organisation=school.org, file_format="csv"
    )
    assert "Puskesmas Sukajadi,puskesmas,counseling,children;adolescents;adults,32.73.05" in text


def test_the_import_page_shows_the_report_in_indonesian(school, client: Client):
    client.force_login(school.koordinator)
    bad = b"name,kind,services,age_groups,costs\nBiro,dukun,counseling,adults,paid\n"
    response = client.post(
        "/referrals/directory/import/",
        {"file_format": "csv", "file": SimpleUploadedFile("d.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tidak ada yang diimpor" in page
    assert "Jenis penyedia tidak dikenal: dukun" in page
    assert not Provider.objects.exists()


DIRECTORY_READ = {"konselor", "koordinator", "admin", "outsider", "relawan"}
DIRECTORY_KEEP = {"koordinator", "admin"}
PERSONAS = [
    "siswa",
    "sebaya",
    "konselor",
    "koordinator",
    "walikelas",
    "kepsek",
    "admin",
    "outsider",
    "analis",
    "relawan",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_matrix(persona, personas, school, client: Client):
    provider = ProviderFactory(organisation=school.org)
    hidden = ProviderFactory(organisation=school.org, is_active=False)
    user = personas[persona]
    reads = persona in DIRECTORY_READ
    keeps = persona in DIRECTORY_KEEP
    assert queries.visible_providers(user).filter(pk=provider.pk).exists() is reads
    assert queries.visible_providers(user).filter(pk=hidden.pk).exists() is keeps
    client.force_login(user)
    assert client.get("/referrals/directory/").status_code == (200 if reads else 404)
    assert client.get(f"/referrals/directory/{provider.pk}/").status_code == (200 if reads else 404)
    assert client.get(f"/referrals/directory/{provider.pk}/edit/").status_code == (
        200 if keeps else 404
    )
    assert client.get("/referrals/directory/export.json").status_code == (200 if keeps else 404)
    assert client.get("/referrals/directory/import/").status_code == (200 if keeps else 404)
