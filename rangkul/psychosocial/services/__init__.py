"""Every write of the psychosocial app: programmes, beneficiaries (one by one and by CSV)
and PFA contacts. Each checks permission first, writes in one transaction and ends with
its audit event."""

from rangkul.psychosocial.services.beneficiaries import (
    BeneficiaryData,
    enrol_person,
    register_beneficiary,
)
from rangkul.psychosocial.services.imports import apply_import, check_import
from rangkul.psychosocial.services.pfa import PfaData, log_pfa_contact, start_referral_case
from rangkul.psychosocial.services.programmes import ProgrammeData, save_programme, transition

__all__ = [
    "BeneficiaryData",
    "PfaData",
    "ProgrammeData",
    "apply_import",
    "check_import",
    "enrol_person",
    "log_pfa_contact",
    "register_beneficiary",
    "save_programme",
    "start_referral_case",
    "transition",
]
