"""The enquiry workflow: one transition map, in code. Every status change goes through
`enquiries.services.enquiries.enquiry_transition`, which checks this map under a row lock."""

from enquiries.models import EnquiryStatus

S = EnquiryStatus

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NEW: (S.IN_PROGRESS, S.ANSWERED, S.CLOSED),
    S.IN_PROGRESS: (S.ANSWERED, S.CLOSED),
    S.ANSWERED: (S.IN_PROGRESS, S.CLOSED),
    S.CLOSED: (S.IN_PROGRESS,),  # reopen
}


def allowed_transitions(status: str) -> list[str]:
    return list(TRANSITIONS.get(status, ()))


def can_transition(status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(status, ())
