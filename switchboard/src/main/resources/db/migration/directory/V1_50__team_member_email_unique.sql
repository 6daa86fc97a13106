-- Two team members of one company may not share an email address (in any case): a voicemail email meant for one would
-- reach the other, and which "ann@example.com" is meant is ambiguous. Members checks it on add and edit; the index makes
-- two requests at once that both passed the check fail the second.
--
-- Members made before the check may already share one. The oldest member (by created_at, then id) keeps the address;
-- each later member's is cleared, and an audit entry by the system records the address it had (before/after), so
-- nothing is lost: the Activity page shows whose it was, and an admin can give it back or correct it.
WITH later AS (
  SELECT m.company_id, m.id, m.name, m.email
  FROM team_members m
  WHERE m.email IS NOT NULL
    AND EXISTS (SELECT 1 FROM team_members o
                WHERE o.company_id = m.company_id AND o.email IS NOT NULL
                  AND lower(btrim(o.email)) = lower(btrim(m.email))
                  AND (o.created_at, o.id) < (m.created_at, m.id))
), audited AS (
  INSERT INTO audit_log (company_id, at, actor_id, actor, entity_type, entity_id, action, before, after)
  SELECT company_id, now(), NULL, 'system', 'team_member', id::text,
         'update (email cleared: an older team member has the same address)',
         jsonb_build_object('name', name, 'email', email), jsonb_build_object('name', name, 'email', NULL)
  FROM later
)
UPDATE team_members m SET email = NULL, updated_at = now()
FROM later WHERE m.company_id = later.company_id AND m.id = later.id;

CREATE UNIQUE INDEX team_members_email_key ON team_members (company_id, lower(email)) WHERE email IS NOT NULL;
