-- The name of the member a message was left for, kept when that member is deleted and the message moves to the general
-- mailbox (member_id becomes null): an owner reading it there still knows whose customer called. Null for a message
-- left in the general mailbox, and for one still in its member's box (their current name is shown).
ALTER TABLE voicemail_messages ADD COLUMN was_for_name text;
