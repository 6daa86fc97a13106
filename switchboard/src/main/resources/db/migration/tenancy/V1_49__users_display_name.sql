-- Every login has a name people read ("Asked by", Activity, Team & logins), never only an email. Existing logins
-- without one take their team member's name, else their email's local part ("maria" for maria@example.com).
UPDATE users u SET display_name = left(btrim(m.name), 200), updated_at = now()
FROM team_members m
WHERE (u.display_name IS NULL OR btrim(u.display_name) = '')
  AND m.company_id = u.company_id AND m.id = u.member_id AND btrim(m.name) <> '';

UPDATE users SET display_name = left(split_part(email, '@', 1), 200), updated_at = now()
WHERE display_name IS NULL OR btrim(display_name) = '';

ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_display_name_check
  CHECK (btrim(display_name) <> '' AND char_length(display_name) <= 200);
