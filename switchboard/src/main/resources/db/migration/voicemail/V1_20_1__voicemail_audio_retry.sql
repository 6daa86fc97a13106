-- Copying a message's audio from the carrier's URL (valid for minutes) into media storage is retried
-- with backoff until it is stored or given up. audio_next_attempt_at is when to try next (set at the
-- deposit, in case the copy started then never reports; NULL once stored or given up); audio_error is
-- the last failure, kept when given up; audio_fetch_attempts counts the tries.
ALTER TABLE voicemail_messages ADD COLUMN audio_next_attempt_at timestamptz,
                               ADD COLUMN audio_error text;
UPDATE voicemail_messages SET audio_next_attempt_at = now() WHERE media_id IS NULL AND carrier_audio_url IS NOT NULL;
CREATE INDEX voicemail_messages_audio_due ON voicemail_messages (audio_next_attempt_at) WHERE audio_next_attempt_at IS NOT NULL;

-- The retry worker's only cross-company step: claim up to p_limit messages of any company whose copy
-- is due by pushing it to the end of a lease (no other node takes them meanwhile; if this node dies the
-- lease runs out and they are due again), and say which they are. Each is then tried as its own company.
CREATE FUNCTION voicemail_claim_audio_fetches(p_now timestamptz, p_lease_until timestamptz, p_limit int)
  RETURNS TABLE (claimed_company uuid, claimed_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE voicemail_messages m SET audio_next_attempt_at = p_lease_until
    FROM (SELECT company_id, id FROM voicemail_messages
          WHERE audio_next_attempt_at <= p_now
          ORDER BY audio_next_attempt_at LIMIT p_limit
          FOR UPDATE SKIP LOCKED) due
    WHERE m.company_id = due.company_id AND m.id = due.id
    RETURNING m.company_id, m.id $$;
