-- IVR menus: a greeting, options 0-9 * # each to a target, dial-by-extension, retries.
CREATE TABLE ivr_menus (
  company_id            uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                    uuid NOT NULL,
  name                  text NOT NULL,
  greeting_text         text,
  greeting_voice        text,
  greeting_language     text,
  greeting_audio_id     uuid,
  options               jsonb NOT NULL DEFAULT '{}',
  dial_by_extension     boolean NOT NULL DEFAULT false,
  extension_prefix      text,
  timeout_seconds       int NOT NULL DEFAULT 5 CHECK (timeout_seconds BETWEEN 2 AND 30),
  max_retries           int NOT NULL DEFAULT 2 CHECK (max_retries BETWEEN 0 AND 5),
  invalid_prompt        text,
  timeout_prompt        text,
  invalid_target        jsonb,
  timeout_target        jsonb,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);

-- The seed's call_routing_rules. Priority is a strict order 1..n per company.
CREATE TABLE call_routing_rules (
  company_id            uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                    uuid NOT NULL,
  name                  text NOT NULL,
  type                  text NOT NULL CHECK (type IN ('DIRECT','ROUND_ROBIN','SIMULTANEOUS','IVR','BUSINESS_HOURS','CONDITIONAL')),
  priority              int NOT NULL CHECK (priority >= 1),
  enabled               boolean NOT NULL DEFAULT true,
  ring_timeout_seconds  int NOT NULL DEFAULT 20 CHECK (ring_timeout_seconds BETWEEN 5 AND 300),
  voicemail_enabled     boolean NOT NULL DEFAULT true,
  recording_enabled     boolean NOT NULL DEFAULT false,
  ivr_menu_id           uuid,
  schedule_id           uuid,
  conditions            jsonb,
  match_target          jsonb,
  open_target           jsonb,
  closed_target         jsonb,
  no_answer_target      jsonb,
  round_robin_next      int NOT NULL DEFAULT 0,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  CONSTRAINT call_routing_rules_priority_key UNIQUE (company_id, priority) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (company_id, ivr_menu_id) REFERENCES ivr_menus (company_id, id),
  FOREIGN KEY (company_id, schedule_id) REFERENCES schedules (company_id, id)
);

CREATE TABLE routing_rule_members (
  company_id  uuid NOT NULL,
  rule_id     uuid NOT NULL,
  position    int NOT NULL,
  member_id   uuid NOT NULL,
  PRIMARY KEY (company_id, rule_id, position),
  UNIQUE (company_id, rule_id, member_id),
  FOREIGN KEY (company_id, rule_id) REFERENCES call_routing_rules (company_id, id) ON DELETE CASCADE,
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id)
);

-- General phone settings, one row per company.
CREATE TABLE phone_settings (
  company_id                    uuid PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
  default_strategy              text NOT NULL DEFAULT 'SIMULTANEOUS',
  recording_default             boolean NOT NULL DEFAULT false,
  voicemail_enabled             boolean NOT NULL DEFAULT true,
  after_hours_target            jsonb,
  inbound_rate_cents_per_minute int NOT NULL DEFAULT 1 CHECK (inbound_rate_cents_per_minute BETWEEN 0 AND 10000),
  outbound_rate_cents_per_minute int NOT NULL DEFAULT 2 CHECK (outbound_rate_cents_per_minute BETWEEN 0 AND 10000),
  billing_increment_seconds     int NOT NULL DEFAULT 60 CHECK (billing_increment_seconds IN (1, 6, 30, 60)),
  updated_at                    timestamptz NOT NULL
);

ALTER TABLE ivr_menus ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ivr_menus USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE call_routing_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_routing_rules USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE routing_rule_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON routing_rule_members USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE phone_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON phone_settings USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
