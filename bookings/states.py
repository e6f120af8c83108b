"""The booking state machine: one transition map, in code.

`TRANSITIONS[from][to]` is the set of actor types allowed to make that move. Every status
change goes through `bookings.services.transitions.transition_locked`, which checks this map
under a row lock.
"""

from bookings.models import BookingStatus

S = BookingStatus

STAFF = "staff"
CLIENT = "client"
SYSTEM = "system"
ACTOR_TYPES = (STAFF, CLIENT, SYSTEM)

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.SUBMITTED: {
        S.UNDER_REVIEW: frozenset({STAFF}),
        S.ACCEPTED: frozenset({STAFF}),
        S.REJECTED: frozenset({STAFF}),
        S.CANCELLED: frozenset({STAFF, CLIENT}),
    },
    S.UNDER_REVIEW: {
        S.ACCEPTED: frozenset({STAFF}),
        S.REJECTED: frozenset({STAFF}),
        S.CANCELLED: frozenset({STAFF, CLIENT}),
    },
    S.ACCEPTED: {
        S.TERMS_ACCEPTED: frozenset({CLIENT}),
        S.UNDER_REVIEW: frozenset({CLIENT}),  # the client asks for a different quotation
        S.CANCELLED: frozenset({STAFF, CLIENT}),
    },
    S.TERMS_ACCEPTED: {
        # Only a confirmed payment moves a booking to DEPOSIT_PAID (payments calls
        # booking_record_deposit_paid as the system actor).
        S.DEPOSIT_PAID: frozenset({SYSTEM}),
        S.CANCELLED: frozenset({STAFF, CLIENT}),
    },
    S.DEPOSIT_PAID: {
        S.IN_PROGRESS: frozenset({STAFF}),
        S.CANCELLED: frozenset({STAFF}),
    },
    S.IN_PROGRESS: {
        S.DELIVERED: frozenset({STAFF}),
        S.CANCELLED: frozenset({STAFF}),
    },
    S.DELIVERED: {
        S.COMPLETED: frozenset({STAFF, CLIENT}),  # the client confirms the delivery
        S.IN_PROGRESS: frozenset({STAFF, CLIENT}),  # rework after delivery
    },
    S.COMPLETED: {},
    S.REJECTED: {},
    S.CANCELLED: {},
}

TERMINAL: frozenset[str] = frozenset(s for s, moves in TRANSITIONS.items() if not moves)
# Statuses at or after a paid deposit.
PAID_OR_LATER: frozenset[str] = frozenset({S.DEPOSIT_PAID, S.IN_PROGRESS, S.DELIVERED, S.COMPLETED})


def allowed_transitions(status: str, actor_type: str) -> list[str]:
    """The statuses `actor_type` may move a booking in `status` to, in map order."""
    return [to for to, actors in TRANSITIONS.get(status, {}).items() if actor_type in actors]


def can_transition(status: str, to_status: str, actor_type: str) -> bool:
    return actor_type in TRANSITIONS.get(status, {}).get(to_status, frozenset())
