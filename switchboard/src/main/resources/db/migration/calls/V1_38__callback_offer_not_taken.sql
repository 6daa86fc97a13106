-- A queue callback offered to a member who did not take it (no answer, declined, their voicemail, their phone failing)
-- called no customer: its call out ends OFFER_NOT_TAKEN, not ABANDONED (or FAILED), and the call log leaves it out unless
-- asked for by that outcome. Callback offers logged before this are corrected the same way: a callback's call out whose
-- member never took it (no caller leg: the member's answer sets it, before the customer is dialled).
ALTER TABLE calls DROP CONSTRAINT calls_outcome_check;
ALTER TABLE calls ADD CONSTRAINT calls_outcome_check
  CHECK (outcome IN ('ANSWERED', 'MISSED', 'VOICEMAIL', 'ABANDONED', 'REJECTED', 'FAILED', 'CALLBACK_REQUESTED', 'OFFER_NOT_TAKEN'));
UPDATE calls SET outcome = 'OFFER_NOT_TAKEN'
WHERE direction = 'OUTBOUND' AND metadata ->> 'placed_by' = 'queue_callback' AND caller_leg_id IS NULL
  AND ended_at IS NOT NULL AND outcome IN ('ABANDONED', 'FAILED');
