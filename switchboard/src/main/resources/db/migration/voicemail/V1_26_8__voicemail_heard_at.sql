-- When a message was first heard. Retention counts from the later of its arrival and its first hearing: an old
-- message kept because nobody had listened to it is not deleted within the hour of someone listening at last
-- (they get the box's retention to act on it). Messages heard before this column existed count from arrival.
ALTER TABLE voicemail_messages ADD COLUMN heard_at timestamptz;

CREATE OR REPLACE FUNCTION voicemail_companies_with_expired(p_now timestamptz, p_default_days int)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT m.company_id FROM voicemail_messages m
    LEFT JOIN voicemail_boxes b ON b.company_id = m.company_id AND b.member_id IS NOT DISTINCT FROM m.member_id
    WHERE m.heard
      AND ((b.id IS NULL AND greatest(m.received_at, m.heard_at) < p_now - make_interval(days => p_default_days))
        OR (b.retention_days IS NOT NULL AND greatest(m.received_at, m.heard_at) < p_now - make_interval(days => b.retention_days))) $$;
