"""The narrative sections of the semester report (laporan pelaksanaan program BK)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.text import check_texts
from rangkul.programmes import permissions
from rangkul.programmes.models import Programme


@transaction.atomic
def save_report_narrative(
    *, by: Any, programme: Programme, introduction: str, evaluation: str, follow_up: str
) -> Programme:
    if not permissions.can_write_report(by, programme):
        raise PermissionDenied(_("Only the counselors write the programme report."))
    values, problems = check_texts(
        [
            ("introduction", introduction, 5000, False),
            ("evaluation", evaluation, 5000, False),
            ("follow_up", follow_up, 5000, False),
        ]
    )
    if problems:
        raise ValidationError(problems)
    programme.report_introduction = values["introduction"]
    programme.report_evaluation = values["evaluation"]
    programme.report_follow_up = values["follow_up"]
    programme.save(update_fields=["report_introduction", "report_evaluation", "report_follow_up"])
    audit.record(by, "programme.report_written", programme)
    return programme
