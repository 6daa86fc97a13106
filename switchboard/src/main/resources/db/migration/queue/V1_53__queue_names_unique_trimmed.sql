-- Two queues of one company may not have the same name trimmed and in any case, compared as routing rules and IVR
-- menus are (V1_52): V1_13's index compared lower(name) only, so "Support" and " support" could both be saved (by an
-- earlier release that did not strip names, or by hand) and read the same everywhere they are listed. Queues checks it
-- on create and rename under the routing lock, naming the queue that has the name; the index is the last line.
--
-- Names given before may already repeat, as V1_52 found for rules and menus. The oldest keeps its name; each later one
-- gets " (2)", " (3)", ... appended, in that order, skipping a number another one already has, and an audit entry by
-- the system records the name it had (before/after), so the Activity page shows what was renamed and why. A queue has
-- no created_at: its age is its "create" audit entry's, or, with none, its last change (then its id).
DROP INDEX call_queues_name;

DO $$
DECLARE
  r record;
  n int;
  renamed text;
BEGIN
  FOR r IN
    WITH twins AS (
      SELECT q.company_id, q.id, q.name,
             coalesce((SELECT min(a.at) FROM audit_log a
                       WHERE a.company_id = q.company_id AND a.entity_type = 'call_queue'
                         AND a.entity_id = q.id::text AND a.action = 'create'), q.updated_at) AS made_at
      FROM call_queues q
      WHERE EXISTS (SELECT 1 FROM call_queues o
                    WHERE o.company_id = q.company_id AND o.id <> q.id AND lower(btrim(o.name)) = lower(btrim(q.name))))
    SELECT m.company_id, m.id, m.name FROM twins m
    WHERE EXISTS (SELECT 1 FROM twins o
                  WHERE o.company_id = m.company_id AND lower(btrim(o.name)) = lower(btrim(m.name))
                    AND (o.made_at, o.id) < (m.made_at, m.id))
    ORDER BY m.company_id, m.made_at, m.id
  LOOP
    n := 2;
    LOOP
      renamed := btrim(r.name) || ' (' || n || ')';
      EXIT WHEN NOT EXISTS (SELECT 1 FROM call_queues WHERE company_id = r.company_id AND lower(btrim(name)) = lower(renamed));
      n := n + 1;
    END LOOP;
    UPDATE call_queues SET name = renamed, updated_at = now() WHERE company_id = r.company_id AND id = r.id;
    INSERT INTO audit_log (company_id, at, actor_id, actor, entity_type, entity_id, action, before, after)
    VALUES (r.company_id, now(), NULL, 'system', 'call_queue', r.id::text,
            'update (renamed: an older queue has the same name)',
            jsonb_build_object('name', r.name), jsonb_build_object('name', renamed));
  END LOOP;
END $$;

CREATE UNIQUE INDEX call_queues_name ON call_queues (company_id, lower(btrim(name)));
