"""CSV import of beneficiaries kept on paper or in spreadsheets: every row is checked and
shown before anything is written; a file with one bad row changes nothing."""

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.people.models import ConsentBasis, Gender, Person
from rangkul.psychosocial import permissions
from rangkul.psychosocial.models import BeneficiaryImport, Programme, Vulnerability
from rangkul.psychosocial.services.beneficiaries import BeneficiaryData, check, enrol_checked
from rangkul.regions.models import Region

MAX_ROWS = 2000

# Column -> the names a header may use (English or Indonesian, any case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full_name", "nama", "nama_lengkap"),
    "birth_date": ("birth_date", "tanggal_lahir"),
    "age": ("age", "umur", "usia"),
    "gender": ("sex", "gender", "jenis_kelamin"),
    "household": ("household", "rumah_tangga", "kk"),
    "is_household_head": ("household_head", "kepala_rumah_tangga", "kepala_keluarga"),
    "region_code": ("region_code", "kode_wilayah"),
    "vulnerabilities": ("vulnerabilities", "kerentanan"),
    "vulnerability_other": ("vulnerability_other", "kerentanan_lain"),
    "consent": ("consent", "persetujuan"),
}
REQUIRED_COLUMNS = ("full_name", "region_code")

SEXES = {
    "l": Gender.MALE, "laki-laki": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE,
    "p": Gender.FEMALE, "perempuan": Gender.FEMALE, "female": Gender.FEMALE, "f": Gender.FEMALE,
    "": Gender.UNSPECIFIED,
}  # fmt: skip
YES = {"ya", "y", "yes", "1", "true"}
NO = {"tidak", "t", "no", "n", "0", "false", ""}
CONSENT = {
    "": "",
    "person": ConsentBasis.PERSON,
    "sendiri": ConsentBasis.PERSON,
    "ya": ConsentBasis.PERSON,
}
# Indonesian words a spreadsheet may use for the vulnerability codes.
VULNERABILITY_WORDS = {
    "pengungsi": Vulnerability.DISPLACED,
    "kehilangan_anggota_keluarga": Vulnerability.BEREAVED,
    "disabilitas": Vulnerability.DISABILITY,
    "anak_tanpa_pendamping": Vulnerability.UNACCOMPANIED_CHILD,
    "hamil_menyusui": Vulnerability.PREGNANT_LACTATING,
    "lansia": Vulnerability.OLDER_PERSON,
    "lainnya": Vulnerability.OTHER,
}


def _header(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def _read(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": _("Save the file as CSV in UTF-8 and try again.")}) from exc
    if "\x00" in text:
        raise ValidationError({"file": _("This is not a CSV file.")})
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]


def _day(text: str) -> date | None:
    text = text.strip()
    for parse in (
        lambda t: date.fromisoformat(t),
        lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2])) if len(t) == 10 else None,
    ):
        try:
            value = parse(text)
        except ValueError:
            continue
        if value is not None:
            return value
    raise ValueError(text)


def _row_data(cells: dict[str, str], problems: list[dict[str, Any]], n: int) -> BeneficiaryData:
    def problem(column: str, message: str) -> None:
        problems.append({"row": n, "column": column, "message": message})

    data = BeneficiaryData(full_name=cells.get("full_name", ""))
    if cells.get("birth_date", "").strip():
        try:
            data.birth_date = _day(cells["birth_date"])
        except ValueError:
            problem("birth_date", _("Write the date as YYYY-MM-DD or DD-MM-YYYY."))
    age = cells.get("age", "").strip()
    if age:
        if age.isdigit():
            data.age = int(age)
        else:
            problem("age", _("The age is a number of years from 0 to 120."))
    sex = cells.get("gender", "").strip().lower()
    if sex in SEXES:
        data.gender = SEXES[sex]
    else:
        problem("gender", _("Write L or P (or leave it empty)."))
    data.household = cells.get("household", "")
    head = cells.get("is_household_head", "").strip().lower()
    if head in YES | NO:
        data.is_household_head = head in YES
    else:
        problem("is_household_head", _("Write ya or tidak."))
    data.region_code = cells.get("region_code", "").strip()
    for word in cells.get("vulnerabilities", "").replace(",", ";").split(";"):
        word = _header(word)
        if not word:
            continue
        code = VULNERABILITY_WORDS.get(word, word)
        if code in Vulnerability.values:
            data.vulnerabilities.append(code)
        else:
            problem("vulnerabilities", _("Unknown vulnerability: %(word)s.") % {"word": word})
    data.vulnerability_other = cells.get("vulnerability_other", "")
    consent = cells.get("consent", "").strip().lower()
    if consent in CONSENT:
        data.consent_basis = CONSENT[consent]
    else:
        problem("consent", _("Write sendiri when the person consented, or leave it empty."))
    return data


def _as_dict(data: BeneficiaryData) -> dict[str, Any]:
    return {
        "full_name": data.full_name,
        "gender": data.gender,
        "birth_date": data.birth_date.isoformat() if data.birth_date else None,
        "age": data.age,
        "household": data.household,
        "is_household_head": data.is_household_head,
        "region_code": data.region_code,
        "vulnerabilities": data.vulnerabilities,
        "vulnerability_other": data.vulnerability_other,
        "consent_basis": data.consent_basis,
    }


def _from_dict(row: dict[str, Any]) -> BeneficiaryData:
    birth = row.get("birth_date")
    return BeneficiaryData(**{**row, "birth_date": date.fromisoformat(birth) if birth else None})


def _require(by: Any, programme: Programme) -> None:
    if not permissions.can_register(by, programme):
        raise PermissionDenied(_("You may not register beneficiaries in this programme."))


@transaction.atomic
def check_import(
    *, by: Any, programme: Programme, data: bytes, file_name: str = ""
) -> BeneficiaryImport:
    """Read and check every row; store the rows and the problems for the preview. Nothing
    is registered here."""
    _require(by, programme)
    rows = _read(data)
    problems: list[dict[str, Any]] = []
    checked: list[dict[str, Any]] = []
    if not rows:
        raise ValidationError({"file": _("The file is empty.")})
    names = [_header(h) for h in rows[0]]
    index: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases:
                index[column] = i
                break
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if "age" not in index and "birth_date" not in index:
        missing.append("age")
    if missing:
        raise ValidationError(
            {
                "file": _("The file lacks the columns: %(columns)s.")
                % {"columns": ", ".join(missing)}
            }
        )
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise ValidationError({"file": _("At most 2000 rows at a time.")})
    codes = {r[index["region_code"]].strip() for r in body if len(r) > index["region_code"]}
    regions = {r.code: r for r in Region.objects.filter(pk__in=codes)}
    for n, raw in enumerate(body, start=2):
        cells = {c: (raw[i] if i < len(raw) else "") for c, i in index.items()}
        data_row = _row_data(cells, problems, n)
        for column, message in check(data_row, regions=regions).items():
            column = {"region": "region_code"}.get(column, column)
            problems.append({"row": n, "column": column, "message": message})
        checked.append(_as_dict(data_row))
    batch = BeneficiaryImport.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        file_name=file_name[:200],
        rows=checked,
        problems=problems,
        created_by=by,
    )
    audit.record(
        by,
        "beneficiary_import.checked",
        batch,
        organisation=programme.organisation,
        data={"rows": len(checked), "problems": len(problems)},
    )
    return batch


@transaction.atomic
def apply_import(*, by: Any, batch: BeneficiaryImport) -> int:
    """Register every row of a checked file without problems, all or nothing."""
    programme = batch.programme
    _require(by, programme)
    if batch.created_by_id != by.pk:
        raise PermissionDenied(_("You may not register beneficiaries in this programme."))
    if batch.applied_at is not None:
        raise ValidationError(_("This file was already imported."))
    if batch.problems:
        raise ValidationError(_("Correct the file and upload it again: nothing was imported."))
    rows = [_from_dict(r) for r in batch.rows]
    people = Person.objects.bulk_create(
        [
            Person(
                organisation_id=programme.organisation_id,
                full_name=r.full_name,
                gender=r.gender,
                birth_date=r.birth_date,
            )
            for r in rows
        ]
    )
    for person, row in zip(people, rows, strict=True):
        enrol_checked(by, programme, person, row, None)
    batch.applied_at = timezone.now()
    batch.save(update_fields=["applied_at"])
    audit.record(
        by,
        "beneficiary_import.applied",
        batch,
        organisation=programme.organisation,
        data={"rows": len(rows)},
    )
    return len(rows)
