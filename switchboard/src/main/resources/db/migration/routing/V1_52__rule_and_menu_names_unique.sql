-- Two routing rules (or two IVR menus) of one company may not have the same name, trimmed and in any case: "Booking
-- team" twice makes the rules list, the Activity page and call traces ambiguous. RoutingRules and IvrMenus check it on
-- create and rename under the routing lock; the indexes are the last line. (Queues have had theirs since V1_13.)
--
-- Names given before the check may already repeat. The oldest (by created_at, then id) keeps its name; each later one
-- gets " (2)", " (3)", ... appended, in that order, skipping a number another one of them already has, and an audit
-- entry by the system records the name it had (before/after), so the Activity page shows what was renamed and why.
DO $$
DECLARE
  t record;
  r record;
  n int;
  renamed text;
  n_free boolean;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('call_routing_rules', 'routing_rule', 'rule'), ('ivr_menus', 'ivr_menu', 'menu'))
             AS v (tbl, entity, noun) LOOP
    FOR r IN EXECUTE format($q$
        SELECT m.company_id, m.id, m.name FROM %1$I m
        WHERE EXISTS (SELECT 1 FROM %1$I o
                      WHERE o.company_id = m.company_id AND lower(btrim(o.name)) = lower(btrim(m.name))
                        AND (o.created_at, o.id) < (m.created_at, m.id))
        ORDER BY m.company_id, m.created_at, m.id $q$, t.tbl) LOOP
      n := 2;
      LOOP
        renamed := btrim(r.name) || ' (' || n || ')';
        EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I WHERE company_id = $1 AND lower(btrim(name)) = lower($2))', t.tbl)
          INTO STRICT n_free USING r.company_id, renamed;
        EXIT WHEN n_free;
        n := n + 1;
      END LOOP;
      EXECUTE format('UPDATE %I SET name = $1, updated_at = now() WHERE company_id = $2 AND id = $3', t.tbl)
        USING renamed, r.company_id, r.id;
      INSERT INTO audit_log (company_id, at, actor_id, actor, entity_type, entity_id, action, before, after)
      VALUES (r.company_id, now(), NULL, 'system', t.entity, r.id::text,
              'update (renamed: an older ' || t.noun || ' has the same name)',
              jsonb_build_object('name', r.name), jsonb_build_object('name', renamed));
    END LOOP;
  END LOOP;
END $$;

CREATE UNIQUE INDEX call_routing_rules_name_key ON call_routing_rules (company_id, lower(btrim(name)));
CREATE UNIQUE INDEX ivr_menus_name_key ON ivr_menus (company_id, lower(btrim(name)));
