-- A call skipped for the quiet window because a text was on its way for the caller's earlier call is texted
-- after all when that text is not sent (the earlier call turned out answered, or a voicemail the company does
-- not text): such a row keeps its text, and when it would have been due, and says it was skipped so.
ALTER TABLE call_text_backs
  ADD COLUMN quiet      boolean NOT NULL DEFAULT false,
  ADD COLUMN not_before timestamptz;
