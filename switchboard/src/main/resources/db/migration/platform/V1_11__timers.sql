-- Durable timers (ring and queue timeouts, announcements, wrap-up ends), in the database so they
-- survive restarts and any node can fire them. One timer per (kind, ref, name): scheduling again
-- replaces it.
CREATE TABLE timers (
  company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  kind        text NOT NULL,
  ref         uuid NOT NULL,
  name        text NOT NULL,
  due_at      timestamptz NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (company_id, id),
  CONSTRAINT timers_one UNIQUE (company_id, kind, ref, name)
);
CREATE INDEX timers_due ON timers (due_at);
ALTER TABLE timers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON timers USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

-- Timers due by p_now across companies (the worker then handles each within its company).
CREATE FUNCTION due_timers(p_now timestamptz, p_limit int) RETURNS TABLE (company_id uuid, id uuid, due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT company_id, id, due_at FROM timers WHERE due_at <= p_now ORDER BY due_at LIMIT p_limit $$;

CREATE FUNCTION next_timer_due() RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT min(due_at) FROM timers $$;
