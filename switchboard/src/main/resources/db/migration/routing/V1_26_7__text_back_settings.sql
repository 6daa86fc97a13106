-- Missed-call text-back: an SMS to a caller nobody answered, from the number they dialled (off by default).
-- The message may hold {company} and {number}; a caller is texted at most once per quiet window.
ALTER TABLE phone_settings
  ADD COLUMN text_back_enabled         boolean NOT NULL DEFAULT false,
  ADD COLUMN text_back_message         text NOT NULL
    DEFAULT 'Sorry we missed your call to {company}. We''ll call you back shortly, or reply here.'
    CHECK (char_length(text_back_message) BETWEEN 1 AND 320),
  ADD COLUMN text_back_after_voicemail boolean NOT NULL DEFAULT false,
  ADD COLUMN text_back_quiet_hours     int NOT NULL DEFAULT 24 CHECK (text_back_quiet_hours BETWEEN 1 AND 168);
