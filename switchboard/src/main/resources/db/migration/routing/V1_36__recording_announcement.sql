-- Callers are told a call will be recorded before it is (two-party consent states such as Illinois and California
-- require it): on by default, with the company's own words if it likes.
ALTER TABLE phone_settings
  ADD COLUMN announce_recording     boolean NOT NULL DEFAULT true,
  ADD COLUMN recording_announcement text NOT NULL
    DEFAULT 'This call may be recorded for quality and training purposes.'
    CHECK (char_length(recording_announcement) BETWEEN 1 AND 300);
