-- The application connects as switchboard_app (SET ROLE on each connection). It owns no table, so
-- row-level security applies to it; migrations run as the schema owner.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
    CREATE ROLE switchboard_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT switchboard_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO switchboard_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO switchboard_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO switchboard_app;

-- The company of the current transaction, set by the app with set_config('app.company_id', id, true).
-- NULL when unset: every policy then matches no row (fail closed).
CREATE FUNCTION current_company_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.company_id', true), '')::uuid $$;
