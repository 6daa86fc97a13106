-- Retention deletes only heard messages: a caller's message nobody has listened to is kept until someone
-- does, however old (it was deleted with the heard ones once past its box's retention).
CREATE OR REPLACE FUNCTION voicemail_companies_with_expired(p_now timestamptz, p_default_days int)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT m.company_id FROM voicemail_messages m
    LEFT JOIN voicemail_boxes b ON b.company_id = m.company_id AND b.member_id IS NOT DISTINCT FROM m.member_id
    WHERE m.heard
      AND ((b.id IS NULL AND m.received_at < p_now - make_interval(days => p_default_days))
        OR (b.retention_days IS NOT NULL AND m.received_at < p_now - make_interval(days => b.retention_days))) $$;
