"""Every write to the directory: entries typed in, and whole files imported."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.accounts.models import Organisation, OrganisationKind
from rangkul.audit import services as audit
from rangkul.referrals import hsds, permissions
from rangkul.referrals.directory import FIELDS, clean_provider, parse_id
from rangkul.referrals.models import Channel, Provider

MAX_IMPORT_ROWS = 2000


def _channel(channel: str, provider_organisation: Organisation | None) -> dict[str, Any]:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the provider takes referrals.")})
    if channel == Channel.IN_RANGKUL:
        if provider_organisation is None or provider_organisation.kind != OrganisationKind.PROVIDER:
            raise ValidationError(
                {"provider_organisation": _("Choose the provider's organisation in Rangkul.")}
            )
    else:
        provider_organisation = None
    return {"channel": channel, "provider_organisation": provider_organisation}


@transaction.atomic
def save_provider(
    *,
    by: Any,
    organisation: Organisation,
    provider: Provider | None = None,
    channel: str = Channel.LETTER_OR_PHONE,
    provider_organisation: Organisation | None = None,
    is_active: bool = True,
    **raw: Any,
) -> Provider:
    """Add an entry to the organisation's directory, or correct one it keeps."""
    keeper = provider.organisation_id if provider is not None else organisation.pk
    if not permissions.can_manage_directory(by, keeper):
        raise PermissionDenied(_("Only the coordinator or administrator keeps the directory."))
    values, errors = clean_provider(raw)
    try:
        values.update(_channel(channel, provider_organisation))
    except ValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    values["is_active"] = bool(is_active)
    if provider is None:
        provider = Provider.objects.create(organisation_id=keeper, **values)
        verb = "directory.provider_added"
    else:
        for key, value in values.items():
            setattr(provider, key, value)
        provider.save()
        verb = "directory.provider_updated"
    audit.record(by, verb, provider)
    return provider


@dataclass
class RowProblem:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.problems


def import_directory(
    *, by: Any, organisation: Organisation, data: bytes, file_format: str
) -> ImportReport:
    """Read a whole file; if any row is wrong, report every problem and change nothing.
    Rows with the id of an entry this organisation keeps update it; others are added."""
    if not permissions.can_manage_directory(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator or administrator keeps the directory."))
    report = ImportReport()
    try:
        rows = hsds.read_json(data) if file_format == "json" else hsds.read_csv(data)
    except hsds.FileError:
        message = (
            _("The file is not HSDS 3.0 JSON (a list of services).")
            if file_format == "json"
            else _("The file is not a CSV with a header row that includes a name column.")
        )
        report.problems.append(RowProblem(0, "", message))
        return report
    if not rows:
        report.problems.append(RowProblem(0, "", _("The file has no rows.")))
        return report
    if len(rows) > MAX_IMPORT_ROWS:
        report.problems.append(
            RowProblem(0, "", _("At most %(n)s rows per file.") % {"n": MAX_IMPORT_ROWS})
        )
        return report
    report.rows = len(rows)
    kept = {p.pk: p for p in Provider.objects.filter(organisation=organisation)}
    planned: list[tuple[Provider | None, dict[str, Any], Any]] = []
    seen: set[Any] = set()
    for number, raw in enumerate(rows, start=1):
        values, errors = clean_provider(raw)
        raw_id = raw.get("id")
        pk = parse_id(raw_id)
        if raw_id not in (None, "") and pk is None:
            errors["id"] = _("Not a valid identifier (UUID).")
        elif pk is not None:
            if pk in seen:
                errors["id"] = _("This identifier appears twice in the file.")
            elif pk not in kept and Provider.objects.filter(pk=pk).exists():
                errors["id"] = _("This identifier belongs to an entry another organisation keeps.")
            seen.add(pk)
        for name, message in errors.items():
            report.problems.append(RowProblem(number, name, message))
        values["is_active"] = raw.get("is_active", True) is not False
        planned.append((kept.get(pk) if pk else None, values, pk))
    if report.problems:
        return report
    with transaction.atomic():
        for existing, values, pk in planned:
            if existing is not None:
                for key in (*FIELDS, "is_active"):
                    setattr(existing, key, values[key])
                existing.save()
                report.updated += 1
            else:
                extra = {"pk": pk} if pk else {}
                Provider.objects.create(organisation=organisation, **values, **extra)
                report.created += 1
        audit.record(
            by,
            "directory.imported",
            organisation=organisation,
            data={"format": file_format, "created": report.created, "updated": report.updated},
        )
    return report


def export_directory(*, by: Any, organisation: Organisation, file_format: str) -> str:
    if not permissions.can_manage_directory(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator or administrator keeps the directory."))
    providers = Provider.objects.filter(organisation=organisation).order_by("name")
    text = hsds.export_json(providers) if file_format == "json" else hsds.export_csv(providers)
    audit.record(by, "directory.exported", organisation=organisation, data={"format": file_format})
    return text
