-- A call's recording is copied from the carrier's URL (valid for minutes) into media storage with
-- retries, as a voicemail's audio is: recording_next_attempt_at is when to try next (NULL once stored
-- or given up), recording_error the last failure (kept when given up), recording_fetch_attempts the
-- tries. A voicemail's recording is its message's (voicemail_messages), not retried here.
ALTER TABLE calls ADD COLUMN recording_fetch_attempts int NOT NULL DEFAULT 0,
                  ADD COLUMN recording_next_attempt_at timestamptz,
                  ADD COLUMN recording_error text;
UPDATE calls SET recording_next_attempt_at = now()
  WHERE recording_url IS NOT NULL AND recording_media_id IS NULL AND voicemail_id IS NULL;
CREATE INDEX calls_recording_due ON calls (recording_next_attempt_at) WHERE recording_next_attempt_at IS NOT NULL;

-- As voicemail_claim_audio_fetches: claims due copies of any company under a lease (SKIP LOCKED: a
-- call a signal is handling now is taken on the next round).
CREATE FUNCTION calls_claim_recording_fetches(p_now timestamptz, p_lease_until timestamptz, p_limit int)
  RETURNS TABLE (claimed_company uuid, claimed_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE calls c SET recording_next_attempt_at = p_lease_until
    FROM (SELECT company_id, id FROM calls
          WHERE recording_next_attempt_at <= p_now
          ORDER BY recording_next_attempt_at LIMIT p_limit
          FOR UPDATE SKIP LOCKED) due
    WHERE c.company_id = due.company_id AND c.id = due.id
    RETURNING c.company_id, c.id $$;
