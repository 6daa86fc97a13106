-- A callback offer the member's own voicemail answered is not offered to that member again before the callback retry
-- interval: member id -> the instant they may be offered it again (the next free member is offered it meanwhile).
ALTER TABLE queue_entries ADD COLUMN voicemail_rests jsonb NOT NULL DEFAULT '{}'::jsonb;
