-- Missed-call text-backs as a transactional outbox: a row is written in the transaction that ends the
-- call (PENDING, or SKIPPED with the reason), then sent after commit by a worker on any node. A PENDING
-- row is due when next_attempt_at has passed; it is NULL once SENT, FAILED (given up, last_error kept)
-- or SKIPPED. No foreign key to calls: the call's row may be written later in the same transaction.
CREATE TABLE call_text_backs (
  company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  call_id          uuid NOT NULL,
  to_number        text NOT NULL,
  from_number      text NOT NULL,
  text             text NOT NULL,
  -- The company's setting when the call ended: whether a call that turns out to be a voicemail still gets it.
  after_voicemail  boolean NOT NULL DEFAULT false,
  status           text NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
  reason           text,
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  last_error       text,
  sent_at          timestamptz,
  failed_at        timestamptz,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  UNIQUE (company_id, call_id)
);
-- The quiet window: was this caller texted (or is a text on its way) lately?
CREATE INDEX call_text_backs_caller ON call_text_backs (company_id, to_number, created_at DESC) WHERE status IN ('PENDING', 'SENT');
CREATE INDEX call_text_backs_due ON call_text_backs (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
ALTER TABLE call_text_backs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_text_backs USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- The worker's only cross-company step, as voicemail_claim_deliveries: claim up to p_limit due rows of any
-- company by pushing their next_attempt_at to the end of a lease, and say which they are.
CREATE FUNCTION calls_claim_text_backs(p_now timestamptz, p_lease_until timestamptz, p_limit int)
  RETURNS TABLE (claimed_company uuid, claimed_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE call_text_backs t SET next_attempt_at = p_lease_until
    FROM (SELECT company_id, id FROM call_text_backs
          WHERE next_attempt_at <= p_now
          ORDER BY next_attempt_at LIMIT p_limit
          FOR UPDATE SKIP LOCKED) due
    WHERE t.company_id = due.company_id AND t.id = due.id
    RETURNING t.company_id, t.id $$;
