"""Every write of the referrals app: the directory, and referrals out."""

from rangkul.referrals.services.directory import (
    ImportReport,
    RowProblem,
    export_directory,
    import_directory,
    save_provider,
)
from rangkul.referrals.services.referrals import (
    answer_referral,
    create_referral,
    open_referral_record,
    remind_overdue_referrals,
    return_case_tier,
    send_referral,
)

__all__ = [
    "ImportReport",
    "RowProblem",
    "answer_referral",
    "create_referral",
    "export_directory",
    "import_directory",
    "open_referral_record",
    "remind_overdue_referrals",
    "return_case_tier",
    "save_provider",
    "send_referral",
]
