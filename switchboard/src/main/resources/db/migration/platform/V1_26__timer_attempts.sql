-- A timer whose handling fails is tried again with growing waits (30 s, 1, 2, 4, 8 minutes, then every 15
-- minutes), not every 30 s for ever; after MAX_ATTEMPTS failures (about two and a half hours) it is given up:
-- kept with failed_at set (for an operator to see, and never fired again), no longer logging an error every lease.
ALTER TABLE timers ADD COLUMN attempts int NOT NULL DEFAULT 0;
ALTER TABLE timers ADD COLUMN failed_at timestamptz;

CREATE OR REPLACE FUNCTION due_timers(p_now timestamptz, p_limit int) RETURNS TABLE (company_id uuid, id uuid, due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT company_id, id, due_at FROM timers WHERE due_at <= p_now AND failed_at IS NULL ORDER BY due_at LIMIT p_limit $$;

CREATE OR REPLACE FUNCTION next_timer_due() RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT min(due_at) FROM timers WHERE failed_at IS NULL $$;

DROP INDEX timers_due;
CREATE INDEX timers_due ON timers (due_at) WHERE failed_at IS NULL;
