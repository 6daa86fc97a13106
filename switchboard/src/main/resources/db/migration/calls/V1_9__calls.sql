-- One row per call journey: the live state while it runs, and the call log once it has ended (the
-- seed's call_logs fields).
CREATE TABLE calls (
  company_id         uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                 uuid NOT NULL,
  direction          text NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
  from_number        text,
  to_number          text,
  phase              text NOT NULL,
  plan               jsonb,
  step               jsonb NOT NULL DEFAULT '{}',
  caller_leg_id      text,
  started_at         timestamptz NOT NULL,
  connected_at       timestamptz,
  answered_at        timestamptz,
  ended_at           timestamptz,
  duration_seconds   int,
  billable_seconds   int,
  outcome            text CHECK (outcome IN ('ANSWERED', 'MISSED', 'VOICEMAIL', 'ABANDONED', 'REJECTED', 'FAILED')),
  answered_by        uuid,
  rule_id            uuid,
  recording_url      text,
  recording_media_id uuid,
  transcription      text,
  customer_id        uuid,
  job_id             uuid,
  transfers          jsonb NOT NULL DEFAULT '[]',
  cost_cents         bigint,
  tags               text[] NOT NULL DEFAULT '{}',
  metadata           jsonb NOT NULL DEFAULT '{}',
  notes              text,
  trace              jsonb NOT NULL DEFAULT '[]',
  voicemail_id       uuid,
  PRIMARY KEY (company_id, id)
);
CREATE INDEX calls_company_started ON calls (company_id, started_at DESC, id DESC);

CREATE TABLE call_legs (
  company_id    uuid NOT NULL,
  call_id       uuid NOT NULL,
  leg_id        text NOT NULL,
  role          text NOT NULL CHECK (role IN ('CALLER', 'MEMBER', 'FORWARD')),
  member_id     uuid,
  destination   text,
  state         text NOT NULL CHECK (state IN ('RINGING', 'ANSWERED', 'ENDED')),
  started_at    timestamptz NOT NULL,
  answered_at   timestamptz,
  ended_at      timestamptz,
  hangup_cause  text,
  PRIMARY KEY (company_id, call_id, leg_id),
  CONSTRAINT call_legs_leg_key UNIQUE (leg_id),
  FOREIGN KEY (company_id, call_id) REFERENCES calls (company_id, id) ON DELETE CASCADE
);

-- The journey log: every signal and decision of a call, in order.
CREATE TABLE call_events (
  company_id  uuid NOT NULL,
  call_id     uuid NOT NULL,
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  at          timestamptz NOT NULL,
  kind        text NOT NULL,
  detail      text,
  PRIMARY KEY (company_id, call_id, seq),
  FOREIGN KEY (company_id, call_id) REFERENCES calls (company_id, id) ON DELETE CASCADE
);

ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON calls USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE call_legs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_legs USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE call_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_events USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- Which company a carrier leg belongs to, for signals that carry no client_state of ours.
CREATE FUNCTION leg_company(p_leg text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT company_id FROM call_legs WHERE leg_id = p_leg $$;
