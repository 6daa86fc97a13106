-- Calls may now end as a callback request.
ALTER TABLE calls DROP CONSTRAINT calls_outcome_check;
ALTER TABLE calls ADD CONSTRAINT calls_outcome_check
  CHECK (outcome IN ('ANSWERED', 'MISSED', 'VOICEMAIL', 'ABANDONED', 'REJECTED', 'FAILED', 'CALLBACK_REQUESTED'));
