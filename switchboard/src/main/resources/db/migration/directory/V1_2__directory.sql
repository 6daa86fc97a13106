CREATE TABLE team_members (
  company_id                 uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                         uuid NOT NULL,
  name                       text NOT NULL,
  email                      text,
  role                       text,
  phone_extension            text CHECK (phone_extension ~ '^[0-9]{2,6}$'),
  direct_inward_dial         text CHECK (direct_inward_dial ~ '^\+[1-9][0-9]{6,14}$'),
  extension_enabled          boolean NOT NULL DEFAULT true,
  voicemail_pin_hash         text,
  call_forwarding_enabled    boolean NOT NULL DEFAULT false,
  call_forwarding_number     text CHECK (call_forwarding_number ~ '^\+[1-9][0-9]{6,14}$'),
  simultaneous_ring_enabled  boolean NOT NULL DEFAULT false,
  ring_timeout_seconds       int NOT NULL DEFAULT 20 CHECK (ring_timeout_seconds BETWEEN 15 AND 90),
  voicemail_greeting_url     text,
  sip_address                text,
  max_concurrent_calls       int NOT NULL DEFAULT 1 CHECK (max_concurrent_calls BETWEEN 1 AND 10),
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  CONSTRAINT team_members_extension_key UNIQUE (company_id, phone_extension),
  -- The carrier routes a number to one place: a DID is unique across all companies.
  CONSTRAINT team_members_did_key UNIQUE (direct_inward_dial)
);

CREATE TABLE team_availability (
  company_id            uuid NOT NULL,
  member_id             uuid NOT NULL,
  status                text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'AWAY', 'OFFLINE')),
  status_reason         text,
  state                 text NOT NULL DEFAULT 'IDLE' CHECK (state IN ('IDLE', 'RINGING', 'ON_CALL', 'WRAP_UP')),
  state_changed_at      timestamptz NOT NULL,
  active_calls          int NOT NULL DEFAULT 0 CHECK (active_calls >= 0),
  calls_today           int NOT NULL DEFAULT 0,
  calls_today_date      date,
  last_call_ended_at    timestamptz,
  vacation_start_date   date,
  vacation_end_date     date,
  vacation_message      text,
  auto_reply_enabled    boolean NOT NULL DEFAULT false,
  do_not_disturb_until  timestamptz,
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (company_id, member_id),
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id) ON DELETE CASCADE,
  CHECK (vacation_end_date IS NULL OR vacation_start_date IS NULL OR vacation_end_date >= vacation_start_date)
);

CREATE TABLE customers (
  company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id           uuid NOT NULL,
  name         text NOT NULL,
  email        text,
  external_id  text,
  tags         text[] NOT NULL DEFAULT '{}',
  notes        text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  CONSTRAINT customers_external_id_key UNIQUE (company_id, external_id)
);

CREATE TABLE customer_phones (
  company_id   uuid NOT NULL,
  customer_id  uuid NOT NULL,
  number       text NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  position     int NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, customer_id, number),
  FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_phones_number ON customer_phones (company_id, number);

CREATE TABLE jobs (
  company_id          uuid NOT NULL,
  id                  uuid NOT NULL,
  customer_id         uuid NOT NULL,
  title               text NOT NULL,
  status              text NOT NULL CHECK (status IN ('OPEN', 'SCHEDULED', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
  assigned_member_id  uuid,
  scheduled_at        timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE,
  FOREIGN KEY (company_id, assigned_member_id) REFERENCES team_members (company_id, id)
);
CREATE INDEX jobs_customer ON jobs (company_id, customer_id);

ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON team_members USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE team_availability ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON team_availability USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON customers USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE customer_phones ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON customer_phones USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON jobs USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- Which company a number belongs to (business number or a member's DID), across all companies:
-- for uniqueness checks now and for routing an incoming call later.
CREATE FUNCTION phone_number_owner(p_number text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT company_id FROM company_numbers WHERE number = p_number
        UNION ALL
        SELECT company_id FROM team_members WHERE direct_inward_dial = p_number
        LIMIT 1 $$;

-- A user may be linked to the team member they are (an agent's own availability).
ALTER TABLE users ADD CONSTRAINT users_member_fkey
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id);
