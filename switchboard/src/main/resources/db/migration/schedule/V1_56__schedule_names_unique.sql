-- Two schedules of one company may not have the same name, trimmed and in any case (nor a schedule the business
-- hours' name): the list of schedules a business-hours rule follows could not tell them apart. Schedules checks it on
-- create and rename under a lock of the company's schedule names; the index is the last line, as for routing rules and
-- menus (V1_52) and queues (V1_53).
--
-- Names given before the check may already repeat. The business hours keep theirs, then the oldest (by created_at,
-- then id); each later one gets " (2)", " (3)", ... appended, skipping a number another one already has, and an audit
-- entry by the system records the name it had (before/after), so the Activity page shows what was renamed and why.
DO $$
DECLARE
  r record;
  n int;
  renamed text;
BEGIN
  FOR r IN
      SELECT m.company_id, m.id, m.name FROM schedules m
      WHERE EXISTS (SELECT 1 FROM schedules o
                    WHERE o.company_id = m.company_id AND lower(btrim(o.name)) = lower(btrim(m.name))
                      AND (NOT o.is_default, o.created_at, o.id) < (NOT m.is_default, m.created_at, m.id))
      ORDER BY m.company_id, NOT m.is_default, m.created_at, m.id LOOP
    n := 2;
    LOOP
      renamed := btrim(r.name) || ' (' || n || ')';
      EXIT WHEN NOT EXISTS (SELECT 1 FROM schedules WHERE company_id = r.company_id AND lower(btrim(name)) = lower(renamed));
      n := n + 1;
    END LOOP;
    UPDATE schedules SET name = renamed, updated_at = now() WHERE company_id = r.company_id AND id = r.id;
    INSERT INTO audit_log (company_id, at, actor_id, actor, entity_type, entity_id, action, before, after)
    VALUES (r.company_id, now(), NULL, 'system', 'schedule', r.id::text,
            'update (renamed: an older schedule has the same name)',
            jsonb_build_object('name', r.name), jsonb_build_object('name', renamed));
  END LOOP;
END $$;

CREATE UNIQUE INDEX schedules_name_key ON schedules (company_id, lower(btrim(name)));
