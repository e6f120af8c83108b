"""Every write to bookings, by use case. Status changes go through
`transitions.booking_transition` (or the locked helper it shares with review, terms and
deposit), which checks bookings.states under a row lock, records a BookingEvent and
queues side effects with transaction.on_commit."""
