CREATE TABLE companies (
  id               uuid PRIMARY KEY,
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  timezone         text NOT NULL,
  default_region   text NOT NULL DEFAULT 'US' CHECK (default_region ~ '^[A-Z]{2}$'),
  setup_completed  boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);

-- The company's own numbers. A number routes to one place, so it is unique across all companies.
CREATE TABLE company_numbers (
  company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  number      text NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  label       text,
  position    int NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, number),
  CONSTRAINT company_numbers_number_key UNIQUE (number)
);

CREATE TABLE users (
  company_id     uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id             uuid NOT NULL,
  email          text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'SUPERVISOR', 'AGENT')),
  display_name   text,
  member_id      uuid,
  enabled        boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);
-- Logins are by email alone, so an email belongs to one user across all companies.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE api_tokens (
  company_id    uuid NOT NULL,
  id            uuid NOT NULL,
  user_id       uuid NOT NULL,
  name          text NOT NULL,
  token_hash    text NOT NULL,
  token_prefix  text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, user_id) REFERENCES users (company_id, id) ON DELETE CASCADE,
  CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE audit_log (
  company_id   uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  at           timestamptz NOT NULL,
  actor_id     uuid,
  actor        text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text,
  action       text NOT NULL,
  before       jsonb,
  after        jsonb,
  PRIMARY KEY (company_id, id)
);
CREATE INDEX audit_log_company_at ON audit_log (company_id, at DESC);

-- Failed logins, for throttling per account and per address. Not tenant data (no company is known
-- before a login succeeds).
CREATE TABLE login_failures (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account  text NOT NULL,
  address  text NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON companies USING (id = current_company_id()) WITH CHECK (id = current_company_id());
ALTER TABLE company_numbers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON company_numbers USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON users USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON api_tokens USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_log USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- The few look-ups that must cross companies, each returning only what it needs. They run as the
-- schema owner (SECURITY DEFINER), which row-level security does not restrict.
CREATE FUNCTION auth_find_user(p_email text)
  RETURNS TABLE (company_id uuid, user_id uuid, password_hash text, role text, enabled boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT u.company_id, u.id, u.password_hash, u.role, u.enabled FROM users u WHERE lower(u.email) = lower(p_email) $$;

CREATE FUNCTION auth_find_token(p_hash text)
  RETURNS TABLE (company_id uuid, token_id uuid, user_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT t.company_id, t.id, t.user_id FROM api_tokens t JOIN users u ON u.company_id = t.company_id AND u.id = t.user_id
        WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND u.enabled $$;

CREATE FUNCTION company_count() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT count(*) FROM companies $$;
