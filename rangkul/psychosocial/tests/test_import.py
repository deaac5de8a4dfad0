import pytest
from django.core.exceptions import ValidationError

from rangkul.people.models import Consent, Person
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Beneficiary

GOOD = (
    "nama;umur;tanggal_lahir;jenis_kelamin;rumah_tangga;kepala_rumah_tangga;kode_wilayah;"
    "kerentanan;persetujuan\n"
    "Ani;;2017-05-02;P;KK-1;tidak;32.73.02.1001;pengungsi;sendiri\n"
    "Bambang;45;;L;KK-1;ya;32.73.02.1001;pengungsi;sendiri\n"
    "Cucu;72;;P;KK-2;ya;32.73.02;lansia;\n"
)

BAD = (
    "name,age,sex,region_code,vulnerabilities\n"
    "Ani,9,P,32.73.02.1001,displaced\n"
    ",200,X,99.99,alien\n"
)


def test_a_good_file_is_previewed_then_registered(post) -> None:
    batch = services.check_import(by=post.relawan, programme=post.programme, data=GOOD.encode())
    assert batch.problems == []
    assert [r["full_name"] for r in batch.rows] == ["Ani", "Bambang", "Cucu"]
    assert not Beneficiary.objects.exists()  # nothing before the worker confirms
    assert services.apply_import(by=post.relawan, batch=batch) == 3
    rows = {b.person.full_name: b for b in Beneficiary.objects.select_related("person")}
    assert rows["Ani"].person.birth_date.isoformat() == "2017-05-02"
    assert rows["Bambang"].is_household_head and rows["Bambang"].stated_age == 45
    assert rows["Cucu"].vulnerability_list == ["older_person"]
    assert Consent.objects.filter(scope="programme").count() == 2
    with pytest.raises(ValidationError):
        services.apply_import(by=post.relawan, batch=batch)  # not twice


def test_a_bad_file_lists_each_problem_and_changes_nothing(post) -> None:
    batch = services.check_import(by=post.relawan, programme=post.programme, data=BAD.encode())
    found = {(p["row"], p["column"]) for p in batch.problems}
    assert found >= {(3, "full_name"), (3, "age"), (3, "gender"), (3, "region_code"),
                     (3, "vulnerabilities")}  # fmt: skip
    assert all(p["row"] == 3 for p in batch.problems)  # row 2 is fine
    with pytest.raises(ValidationError):
        services.apply_import(by=post.relawan, batch=batch)
    assert not Person.objects.exists()


def test_a_file_without_the_needed_columns_is_refused(post) -> None:
    with pytest.raises(ValidationError) as exc:
        services.check_import(by=post.relawan, programme=post.programme, data=b"nama\nAni\n")
    assert "region_code" in str(exc.value) and "age" in str(exc.value)


def test_the_import_pages_show_the_report(client, post) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiary_import", args=[post.programme.pk])
    answer = client.post(url, {"file": SimpleUploadedFile("daftar.csv", BAD.encode())})
    preview = client.get(answer["Location"])
    assert preview.status_code == 200
    assert 'data-testid="import-report"' in preview.content.decode()
    assert client.post(answer["Location"]).status_code == 403
    assert not Person.objects.exists()
    good = client.post(url, {"file": SimpleUploadedFile("daftar.csv", GOOD.encode())})
    done = client.post(good["Location"])
    assert done.status_code == 302
    assert Beneficiary.objects.count() == 3
