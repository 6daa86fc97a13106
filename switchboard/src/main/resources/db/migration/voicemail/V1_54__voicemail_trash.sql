-- Deleting a message moves it to the Deleted folder instead of deleting the row: a single mis-click no longer loses what
-- a caller left. deleted_at is when (the trash clock: Retention purges it, audio too, 30 days after), deleted_by and
-- deleted_by_id who (the actor's label at the time, and their user id when they are one). restored_at is when it was last
-- brought back: a heard message's retention counts from then too, so one restored after weeks in Deleted is not purged
-- by its box's retention within the hour of its restore.
ALTER TABLE voicemail_messages ADD COLUMN deleted_at timestamptz,
                               ADD COLUMN deleted_by text,
                               ADD COLUMN deleted_by_id uuid,
                               ADD COLUMN restored_at timestamptz;
CREATE INDEX voicemail_messages_deleted ON voicemail_messages (deleted_at) WHERE deleted_at IS NOT NULL;

-- The companies with messages to purge: heard ones past their box's retention (not in Deleted: those keep their trash
-- clock), and ones in Deleted for longer than p_trash_days.
DROP FUNCTION voicemail_companies_with_expired(timestamptz, int);
CREATE FUNCTION voicemail_companies_with_expired(p_now timestamptz, p_default_days int, p_trash_days int)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT m.company_id FROM voicemail_messages m
    LEFT JOIN voicemail_boxes b ON b.company_id = m.company_id AND b.member_id IS NOT DISTINCT FROM m.member_id
    WHERE m.deleted_at IS NULL AND m.heard
      AND ((b.id IS NULL AND greatest(m.received_at, m.heard_at, m.restored_at) < p_now - make_interval(days => p_default_days))
        OR (b.retention_days IS NOT NULL
            AND greatest(m.received_at, m.heard_at, m.restored_at) < p_now - make_interval(days => b.retention_days)))
    UNION
    SELECT company_id FROM voicemail_messages WHERE deleted_at < p_now - make_interval(days => p_trash_days) $$;
