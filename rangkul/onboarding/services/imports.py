"""Importing a school's students (with their classes and guardians) and staff.

`check_import` reads the file and keeps a per-row report (the preview); `apply_import`
writes everything in one transaction, or nothing when any row is wrong."""

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rangkul.accounts import permissions as account_permissions
from rangkul.accounts import services as account_services
from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.dates import check_birth_date
from rangkul.lib.text import check_text
from rangkul.onboarding import permissions, queries
from rangkul.onboarding.models import Enrolment, Import, ImportKind, ImportStatus
from rangkul.onboarding.tables import read_table
from rangkul.onboarding.years import grade_in_name
from rangkul.people.models import Cohort, Gender, Guardian, Person, Relationship

SEX = {
    "l": Gender.MALE, "laki-laki": Gender.MALE, "laki laki": Gender.MALE, "m": Gender.MALE,
    "p": Gender.FEMALE, "perempuan": Gender.FEMALE, "f": Gender.FEMALE, "": Gender.UNSPECIFIED,
}  # fmt: skip
RELATIONSHIP = {
    "ayah": Relationship.FATHER, "bapak": Relationship.FATHER, "father": Relationship.FATHER,
    "ibu": Relationship.MOTHER, "mother": Relationship.MOTHER,
    "kakek": Relationship.GRANDPARENT, "nenek": Relationship.GRANDPARENT,
    "kakak": Relationship.SIBLING, "paman": Relationship.RELATIVE, "bibi": Relationship.RELATIVE,
    "om": Relationship.RELATIVE, "tante": Relationship.RELATIVE, "saudara": Relationship.RELATIVE,
    "wali": Relationship.LEGAL_GUARDIAN, "": Relationship.LEGAL_GUARDIAN,
    "pengasuh": Relationship.CAREGIVER, "panti": Relationship.CAREGIVER,
}  # fmt: skip
ROLE = {
    "guru bk": Role.COUNSELOR, "konselor": Role.COUNSELOR, "counselor": Role.COUNSELOR,
    "koordinator bk": Role.COORDINATOR, "koordinator": Role.COORDINATOR,
    "coordinator": Role.COORDINATOR, "wali kelas": Role.HOMEROOM_TEACHER,
    "guru": Role.HOMEROOM_TEACHER, "homeroom_teacher": Role.HOMEROOM_TEACHER,
    "kepala sekolah": Role.PRINCIPAL, "principal": Role.PRINCIPAL,
    "admin": Role.ADMIN, "operator": Role.ADMIN, "administrator": Role.ADMIN,
}  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_NISN = re.compile(r"^\d{10}$")
_PHONE = re.compile(r"^\+?\d{9,15}$")


def _require(by: Any, organisation: Organisation) -> None:
    if not permissions.can_manage_enrolment(by, organisation.id):
        raise PermissionDenied(_("You may not import records here."))


def _parse_day(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _phone(text: str) -> tuple[str, str | None]:
    compact = re.sub(r"[\s\-().]", "", text)
    if not compact:
        return "", None
    if not _PHONE.match(compact):
        return text, _("The phone number %(phone)s is not a phone number.") % {"phone": text}
    return compact, None


def _check_student(
    values: dict[str, str], existing_cohorts: dict[str, Cohort]
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    clean: dict[str, Any] = {}
    nisn = values.get("nisn", "").replace(" ", "")
    if nisn.isdigit() and 8 <= len(nisn) < 10:
        # A spreadsheet that stored the NISN as a number dropped its leading zeros.
        nisn = nisn.zfill(10)
    if not _NISN.match(nisn):
        problems.append(_("The NISN must be 10 digits."))
    clean["nisn"] = nisn
    name, problem = check_text(values.get("name"), limit=200, empty=_("The name is empty."))
    if problem:
        problems.append(problem)
    clean["name"] = " ".join(name.split())
    sex = values.get("sex", "").strip().lower()
    if sex not in SEX:
        problems.append(_("Sex must be L or P."))
    clean["sex"] = str(SEX.get(sex, Gender.UNSPECIFIED))
    born_text = values.get("birth_date", "").strip()
    born = _parse_day(born_text) if born_text else None
    if born_text and born is None:
        problems.append(
            _("The date of birth %(value)s cannot be read (write 2010-03-25 or 25/03/2010).")
            % {"value": born_text}
        )
    elif born is not None:
        try:
            check_birth_date(born)
        except ValidationError:
            problems.append(_("A date of birth lies within the last hundred years."))
    clean["birth_date"] = born.isoformat() if born else ""
    cohort = " ".join(values.get("cohort", "").split())
    grade_text = values.get("grade", "").strip()
    grade = (
        int(grade_text)
        if grade_text.isdigit() and 1 <= int(grade_text) <= 13
        else grade_in_name(grade_text) or grade_in_name(cohort)
    )
    if not cohort:
        problems.append(_("The class is empty."))
    elif cohort.lower() not in existing_cohorts and grade is None:
        problems.append(
            _("The class %(name)s is unknown and its grade cannot be told from its name.")
            % {"name": cohort}
        )
    clean["cohort"] = cohort
    clean["grade"] = grade
    phone, problem = _phone(values.get("phone", ""))
    if problem:
        problems.append(problem)
    clean["phone"] = phone
    guardians = []
    guardian_name = " ".join(values.get("guardian_name", "").split())
    relationship = values.get("guardian_relationship", "").strip().lower()
    if guardian_name:
        if relationship not in RELATIONSHIP:
            problems.append(
                _(
                    "The relationship %(value)s is unknown "
                    "(write Ayah, Ibu, Wali, Kakek, Nenek, Kakak, Paman or Bibi)."
                )
                % {"value": values.get("guardian_relationship", "")}
            )
        guardian_phone, problem = _phone(values.get("guardian_phone", ""))
        if problem:
            problems.append(problem)
        guardians.append(
            {
                "name": guardian_name[:200],
                "relationship": str(RELATIONSHIP.get(relationship, Relationship.LEGAL_GUARDIAN)),
                "phone": guardian_phone,
            }
        )
    elif values.get("guardian_phone", "").strip():
        problems.append(_("A guardian's phone number needs the guardian's name."))
    clean["guardians"] = guardians
    return clean, problems


def _check_staff(
    by: Any, organisation: Organisation, values: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    name, problem = check_text(values.get("name"), limit=200, empty=_("The name is empty."))
    if problem:
        problems.append(problem)
    role_text = " ".join(values.get("role", "").lower().split())
    role = ROLE.get(role_text)
    if role is None:
        problems.append(
            _(
                "The role %(value)s is unknown "
                "(write Guru BK, Koordinator BK, Wali Kelas, Kepala Sekolah or Admin)."
            )
            % {"value": values.get("role", "")}
        )
    elif not account_permissions.can_change_role(by, organisation.id, role, None):
        problems.append(_("You may not grant the role %(role)s.") % {"role": values.get("role")})
    email = values.get("email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("The e-mail address %(value)s is not valid.") % {"value": email})
    username = values.get("username", "").strip().lower() or email.split("@")[0]
    username = slugify(username).replace("-", ".")[:150] or slugify(name).replace("-", ".")[:30]
    return {
        "name": " ".join(name.split()),
        "role": role or "",
        "email": email,
        "username": username,
    }, problems


def _check_rows(
    by: Any, organisation: Organisation, kind: str, table: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], int]:
    """Each non-blank row with its cleaned values and problems; and the number of blank
    rows skipped. Duplicates are checked across the file and against what is stored."""
    rows: list[dict[str, Any]] = []
    blank = 0
    existing = {
        c.name.lower(): c
        for c in Cohort.objects.filter(
            organisation=organisation, academic_year=queries.current_year(organisation)
        )
    }
    first_line: dict[str, int] = {}
    for line, values in table:
        if not any(v.strip() for v in values.values()):
            blank += 1
            continue
        if kind == ImportKind.STUDENTS:
            clean, problems = _check_student(values, existing)
            key = clean["nisn"]
            duplicate = _("The NISN %(nisn)s is already on line %(line)s.")
        else:
            clean, problems = _check_staff(by, organisation, values)
            key = clean["username"]
            duplicate = _("The username %(nisn)s is already on line %(line)s.")
        if key and key in first_line:
            problems.append(duplicate % {"nisn": key, "line": first_line[key]})
        elif key:
            first_line[key] = line
        rows.append({"line": line, "values": clean, "problems": problems})
    if kind == ImportKind.STUDENTS:
        present = queries.enrolled_nisns(organisation, [r["values"]["nisn"] for r in rows])
        message = _("The NISN %(nisn)s is already enrolled at this school.")
    else:
        present = set(
            User.objects.filter(username__in=[r["values"]["username"] for r in rows]).values_list(
                "username", flat=True
            )
        )
        message = _("The username %(nisn)s is already taken.")
    for row in rows:
        key = row["values"]["nisn" if kind == ImportKind.STUDENTS else "username"]
        if key in present:
            row["problems"].append(message % {"nisn": key})
    return rows, blank


@transaction.atomic
def check_import(
    *, by: Any, organisation: Organisation, kind: str, file_name: str, data: bytes
) -> Import:
    """Read and check a file; keep the report for the preview. Nothing else is saved.
    Raises ValidationError when the file as a whole cannot be read."""
    _require(by, organisation)
    if kind not in ImportKind.values:
        raise ValidationError(_("Unknown kind of import."))
    rows, blank = _check_rows(by, organisation, kind, read_table(data, kind))
    batch = Import.objects.create(
        organisation=organisation,
        kind=kind,
        file_name=file_name[:200],
        rows=rows,
        row_count=len(rows),
        problem_count=sum(1 for r in rows if r["problems"]),
        skipped_blank=blank,
        uploaded_by=by,
    )
    audit.record(
        by,
        "onboarding.import_checked",
        batch,
        data={"kind": kind, "rows": batch.row_count, "problems": batch.problem_count},
    )
    return batch


@transaction.atomic
def apply_import(*, by: Any, batch: Import) -> list[tuple[User, str]]:
    """Write every row of a checked import, or nothing. Students come with their classes
    and guardians; staff come with logins, whose one-time passwords are returned once for
    the login cards."""
    organisation = batch.organisation
    _require(by, organisation)
    batch = Import.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been applied."))
    if queries.data_policy(organisation) is None:
        raise ValidationError(
            _("Record the legal basis and the notice to guardians before the first import.")
        )
    # Check again: another import may have added the same students since the preview.
    rows, _blank = _check_rows(
        by, organisation, batch.kind, [(r["line"], _as_text(r["values"])) for r in batch.rows]
    )
    if not rows or any(r["problems"] for r in rows):
        raise ValidationError(_("Some rows have problems: fix the file and upload it again."))
    made: list[tuple[User, str]] = []
    if batch.kind == ImportKind.STUDENTS:
        created = _apply_students(organisation, [r["values"] for r in rows])
    else:
        made = _apply_staff(by, organisation, [r["values"] for r in rows])
        created = len(made)
    batch.status = ImportStatus.APPLIED
    batch.applied_at = timezone.now()
    batch.created_count = created
    batch.rows = []
    batch.save(update_fields=["status", "applied_at", "created_count", "rows"])
    audit.record(
        by, "onboarding.import_applied", batch, data={"kind": batch.kind, "created": created}
    )
    return made


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    """A checked student row back in the shape the file gave, for the second check."""
    text = {k: ("" if v is None else str(v)) for k, v in values.items() if k != "guardians"}
    guardians = values.get("guardians") or []
    if guardians:
        text["guardian_name"] = guardians[0]["name"]
        text["guardian_relationship"] = _relationship_word(guardians[0]["relationship"])
        text["guardian_phone"] = guardians[0]["phone"]
    if text.get("sex"):
        text["sex"] = {"male": "l", "female": "p"}.get(text["sex"], "")
    return text


def _relationship_word(code: str) -> str:
    return next((word for word, value in RELATIONSHIP.items() if value == code and word), "")


def _apply_students(organisation: Organisation, rows: list[dict[str, Any]]) -> int:
    year = queries.current_year(organisation)
    cohorts = {
        c.name.lower(): c
        for c in Cohort.objects.filter(organisation=organisation, academic_year=year)
    }
    new_cohorts = {}
    for row in rows:
        key = row["cohort"].lower()
        if key not in cohorts and key not in new_cohorts:
            new_cohorts[key] = Cohort(
                organisation=organisation,
                name=row["cohort"],
                grade=row["grade"],
                academic_year=year,
            )
    Cohort.objects.bulk_create(new_cohorts.values())
    cohorts.update(new_cohorts)
    people, enrolments, guardians = [], [], []
    for row in rows:
        person = Person(
            organisation=organisation,
            full_name=row["name"],
            gender=row["sex"],
            birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
            cohort=cohorts[row["cohort"].lower()],
            phone=row["phone"],
        )
        people.append(person)
        enrolments.append(Enrolment(organisation=organisation, person=person, nisn=row["nisn"]))
        for g in row["guardians"]:
            guardians.append(
                Guardian(
                    organisation=organisation,
                    person=person,
                    full_name=g["name"],
                    relationship=g["relationship"],
                    phone=g["phone"],
                )
            )
    Person.objects.bulk_create(people, batch_size=500)
    Enrolment.objects.bulk_create(enrolments, batch_size=500)
    Guardian.objects.bulk_create(guardians, batch_size=500)
    return len(people)


def _apply_staff(
    by: Any, organisation: Organisation, rows: list[dict[str, Any]]
) -> list[tuple[User, str]]:
    made: list[tuple[User, str]] = []
    for role in dict.fromkeys(r["role"] for r in rows):
        made += account_services.create_first_logins(
            by=by,
            organisation=organisation,
            role=role,
            people=[(r["username"], r["name"], r["email"]) for r in rows if r["role"] == role],
        )
    return made
