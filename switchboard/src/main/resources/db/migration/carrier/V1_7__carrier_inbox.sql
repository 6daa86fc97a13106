-- Every accepted Telnyx webhook, keyed by its event id so a redelivery is recognised and ignored.
-- Not tenant data yet: the company is known only once the dialled number is resolved, when the event
-- is processed. Only the app reads it; it holds no secrets.
CREATE TABLE carrier_inbox (
  event_id          text PRIMARY KEY,
  event_type        text NOT NULL,
  leg_id            text,
  session_id        text,
  occurred_at       timestamptz,
  received_at       timestamptz NOT NULL,
  attempt           int,
  body              jsonb NOT NULL,
  processed_at      timestamptz,
  process_attempts  int NOT NULL DEFAULT 0,
  last_error        text
);
CREATE INDEX carrier_inbox_pending ON carrier_inbox (received_at) WHERE processed_at IS NULL;
CREATE INDEX carrier_inbox_leg ON carrier_inbox (leg_id, occurred_at);
