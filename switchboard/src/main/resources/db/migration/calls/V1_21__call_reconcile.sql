-- A call still open long after it began is checked against the carrier: should a leg we think is up have
-- ended there (its hangup never reached us: a webhook lost after every retry, a handling that kept
-- failing), the call ends as that hangup would have ended it. reconciled_at is when it was last checked
-- (NULL: never), so a long call is asked about once per period, not every round. Written only by the
-- check, never on a call's own path; the partial index holds only open calls.
ALTER TABLE calls ADD COLUMN reconciled_at timestamptz;
CREATE INDEX calls_open ON calls (started_at) WHERE ended_at IS NULL;

-- As calls_claim_recording_fetches: claims open calls of any company due for a check (begun before
-- p_started_before, not checked since p_checked_before), marking them checked now. SKIP LOCKED: a call a
-- signal is handling now is taken on a later round.
CREATE FUNCTION calls_claim_reconcile(p_now timestamptz, p_started_before timestamptz, p_checked_before timestamptz, p_limit int)
  RETURNS TABLE (claimed_company uuid, claimed_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE calls c SET reconciled_at = p_now
    FROM (SELECT company_id, id FROM calls
          WHERE ended_at IS NULL AND started_at < p_started_before
            AND (reconciled_at IS NULL OR reconciled_at < p_checked_before)
          ORDER BY coalesce(reconciled_at, started_at) LIMIT p_limit
          FOR UPDATE SKIP LOCKED) due
    WHERE c.company_id = due.company_id AND c.id = due.id
    RETURNING c.company_id, c.id $$;
