-- Whoever answers a call forwarded to the member's outside number is asked to press 1 before the caller is
-- connected, so the cell's own voicemail does not take the company's call. Off unless the member turns it on.
ALTER TABLE team_members ADD COLUMN confirm_forwarded_calls boolean NOT NULL DEFAULT false;
