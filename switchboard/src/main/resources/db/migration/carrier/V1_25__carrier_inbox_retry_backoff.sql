-- An event whose handling failed is tried again by the sweep with growing waits (10 s, 20 s, 40 s... up to
-- 5 minutes, for about half an hour), not five times in the first half minute: a failure lasting a minute
-- (a database failover, a bug a redeploy fixes) no longer loses the event, such as a voicemail's recording.
-- next_attempt_at is when it is due again (NULL: as soon as it is stale); set when it is claimed, it also
-- keeps a second node from handling it at the same time.
ALTER TABLE carrier_inbox ADD COLUMN next_attempt_at timestamptz;
