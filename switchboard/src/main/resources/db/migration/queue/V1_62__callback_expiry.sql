-- A pending callback is given up at the end of the next day the business is open after it was asked for (one asked for
-- on Friday evening is made on Monday, or given up at the end of Monday): its entry ends EXPIRED, with a CALLBACK_EXPIRED
-- step. When it was asked for is kept with it: its place in line (joined_at) can be older, that of a caller who came back.
ALTER TABLE queue_entries ADD COLUMN callback_requested_at timestamptz;
UPDATE queue_entries e SET callback_requested_at = coalesce((SELECT min(v.at) FROM queue_events v WHERE v.company_id = e.company_id
  AND v.entry_id = e.id AND v.type = 'CALLBACK_REQUESTED'), e.joined_at) WHERE e.callback_number IS NOT NULL;
ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_state_check;
ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_state_check CHECK (state IN ('WAITING', 'OFFERING', 'CONNECTED', 'CALLBACK',
  'CALLBACK_DIALING', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'COMPLETED', 'MERGED', 'FAILED', 'CANCELLED', 'EXPIRED'));
ALTER TABLE queue_events DROP CONSTRAINT queue_events_type_check;
ALTER TABLE queue_events ADD CONSTRAINT queue_events_type_check CHECK (type IN ('JOINED', 'REJOINED', 'OFFERED', 'NO_ANSWER', 'CONNECTED',
  'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'CALLBACK_REQUESTED', 'CALLBACK_MERGED', 'CALLBACK_DIALED', 'CALLBACK_COMPLETED',
  'CALLBACK_FAILED', 'MEMBER_SET_AWAY', 'CALLBACK_CANCELLED', 'CALLBACK_EXPIRED'));
