"""Translated labels for premises values, shared by forms, pages and the API."""

from flask_babel import lazy_gettext as _l

from bourse.premises.models import DealType, LeaseType, PremisesStatus

STATUS_LABELS = {
    PremisesStatus.DRAFT: _l("Draft"),
    PremisesStatus.PUBLISHED: _l("Published"),
    PremisesStatus.UNDER_OFFER: _l("Under offer"),
    PremisesStatus.LET: _l("Let"),
    PremisesStatus.WITHDRAWN: _l("Withdrawn"),
}
DEAL_LABELS = {
    DealType.TO_LET: _l("To let"),
    DealType.LEASE_TRANSFER: _l("Lease transfer"),
    DealType.WALLS_FOR_SALE: _l("Walls for sale"),
    DealType.BUSINESS_FOR_SALE: _l("Business for sale"),
}
LEASE_LABELS = {
    LeaseType.COMMERCIAL_369: _l("Commercial lease 3-6-9"),
    LeaseType.SHORT_TERM: _l("Short-term lease (up to 3 years)"),
    LeaseType.PRECARIOUS: _l("Temporary occupancy agreement"),
    LeaseType.PROFESSIONAL: _l("Professional lease"),
}
VERB_LABELS = {
    "publish": _l("Publish"),
    "mark_under_offer": _l("Mark as under offer"),
    "mark_let": _l("Mark as let"),
    "withdraw": _l("Withdraw"),
}


def status_label(value: str) -> str:
    return str(STATUS_LABELS[PremisesStatus(value)])


def deal_label(value: str) -> str:
    return str(DEAL_LABELS[DealType(value)])


def lease_label(value: str) -> str:
    return str(LEASE_LABELS[LeaseType(value)])
