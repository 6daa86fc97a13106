-- The member whose direct line a call was made to, as routing found it when the call came in: the call is theirs to see
-- (an agent's log, a member filter) even when it rang nobody and left no message (they were offline and the caller hung
-- up on the greeting). Matching the line's current number instead would show a line's new holder every call ever made
-- to it, its previous holder's included. Written once, when the call is decided, never updated (its index costs the
-- call's later updates nothing). Calls from before this have none: only their legs and messages say whose they are.
ALTER TABLE calls ADD COLUMN direct_line_of uuid;
CREATE INDEX calls_direct_line_of ON calls (company_id, direct_line_of, started_at DESC, id DESC) WHERE direct_line_of IS NOT NULL;
