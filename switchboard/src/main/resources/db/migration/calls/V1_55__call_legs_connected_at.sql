-- When the carrier connected a leg (said it answered), which is when it bills it from: a member's forwarded phone asked
-- to press 1, or waited on for a machine's detection, is answered for the call only once they press 1 or a person is
-- told (answered_at), or never (nobody pressed, their voicemail), but the carrier billed it from its pickup all the
-- same. A call's cost counts such legs from here (legs recorded before this have none: their answered_at is taken).
ALTER TABLE call_legs ADD COLUMN connected_at timestamptz;
