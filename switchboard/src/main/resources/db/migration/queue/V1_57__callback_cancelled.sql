-- A pending callback can be cancelled by a person (the customer was reached another way, or asked not to be called):
-- its entry ends CANCELLED, with a CALLBACK_CANCELLED step saying who. The checks of V1_13 are widened to take them.
ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_state_check;
ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_state_check CHECK (state IN ('WAITING', 'OFFERING', 'CONNECTED', 'CALLBACK',
  'CALLBACK_DIALING', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'COMPLETED', 'MERGED', 'FAILED', 'CANCELLED'));
ALTER TABLE queue_events DROP CONSTRAINT queue_events_type_check;
ALTER TABLE queue_events ADD CONSTRAINT queue_events_type_check CHECK (type IN ('JOINED', 'REJOINED', 'OFFERED', 'NO_ANSWER', 'CONNECTED',
  'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'CALLBACK_REQUESTED', 'CALLBACK_MERGED', 'CALLBACK_DIALED', 'CALLBACK_COMPLETED',
  'CALLBACK_FAILED', 'MEMBER_SET_AWAY', 'CALLBACK_CANCELLED'));
