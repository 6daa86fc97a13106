-- New-message notifications (email, SMS) as a transactional outbox: the rows are written in the same
-- transaction as the message, then sent after commit by a worker on any node. A row is due when
-- next_attempt_at has passed; it is NULL once sent (sent_at) or given up (failed_at, last_error kept).
CREATE TABLE voicemail_deliveries (
  company_id              uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                      uuid NOT NULL,
  message_id              uuid NOT NULL,
  channel                 text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
  destination             text NOT NULL,
  -- The box's settings when the message arrived.
  attach_audio            boolean NOT NULL DEFAULT false,
  wait_for_transcription  boolean NOT NULL DEFAULT false,
  -- Until when the worker waits for the transcription (and the audio, for an attachment) before
  -- sending without them.
  wait_until              timestamptz NOT NULL,
  attempts                int NOT NULL DEFAULT 0,
  next_attempt_at         timestamptz,
  last_error              text,
  sent_at                 timestamptz,
  failed_at               timestamptz,
  created_at              timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  UNIQUE (company_id, message_id, channel, destination),
  FOREIGN KEY (company_id, message_id) REFERENCES voicemail_messages (company_id, id) ON DELETE CASCADE
);
CREATE INDEX voicemail_deliveries_due ON voicemail_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
ALTER TABLE voicemail_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON voicemail_deliveries USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- The delivery worker's only cross-company step: claim up to p_limit due rows of any company by
-- pushing their next_attempt_at to the end of a lease (so no other node takes them meanwhile; if this
-- node dies the lease runs out and the row is due again), and say which they are. Each is then
-- handled as its own company.
CREATE FUNCTION voicemail_claim_deliveries(p_now timestamptz, p_lease_until timestamptz, p_limit int)
  RETURNS TABLE (claimed_company uuid, claimed_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE voicemail_deliveries d SET next_attempt_at = p_lease_until
    FROM (SELECT company_id, id FROM voicemail_deliveries
          WHERE next_attempt_at <= p_now
          ORDER BY next_attempt_at LIMIT p_limit
          FOR UPDATE SKIP LOCKED) due
    WHERE d.company_id = due.company_id AND d.id = due.id
    RETURNING d.company_id, d.id $$;

-- The companies with messages past their box's retention (a box never configured keeps
-- p_default_days, as its settings show; a box set to keep forever has retention_days NULL).
CREATE FUNCTION voicemail_companies_with_expired(p_now timestamptz, p_default_days int)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT m.company_id FROM voicemail_messages m
    LEFT JOIN voicemail_boxes b ON b.company_id = m.company_id AND b.member_id IS NOT DISTINCT FROM m.member_id
    WHERE (b.id IS NULL AND m.received_at < p_now - make_interval(days => p_default_days))
       OR (b.retention_days IS NOT NULL AND m.received_at < p_now - make_interval(days => b.retention_days)) $$;

-- Voicemail PIN entry by phone: consecutive failures per member and the lockout they earned.
CREATE TABLE voicemail_pin_state (
  company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  member_id       uuid NOT NULL,
  failures        int NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  PRIMARY KEY (company_id, member_id),
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id) ON DELETE CASCADE
);
ALTER TABLE voicemail_pin_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON voicemail_pin_state USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- Every PIN attempt, right or wrong or refused during a lockout.
CREATE TABLE voicemail_pin_attempts (
  company_id      uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  member_id       uuid NOT NULL,
  at              timestamptz NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('GRANTED', 'WRONG_PIN', 'LOCKED_OUT', 'NO_PIN')),
  failures        int NOT NULL,
  locked_until    timestamptz,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id) ON DELETE CASCADE
);
CREATE INDEX voicemail_pin_attempts_member ON voicemail_pin_attempts (company_id, member_id, at DESC);
ALTER TABLE voicemail_pin_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON voicemail_pin_attempts USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
