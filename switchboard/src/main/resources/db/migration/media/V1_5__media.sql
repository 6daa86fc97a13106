-- Uploaded audio (greetings, later music on hold and recordings). The bytes live in the media folder;
-- the carrier fetches them only through signed URLs that expire.
CREATE TABLE media_files (
  company_id     uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id             uuid NOT NULL,
  purpose        text NOT NULL,
  content_type   text NOT NULL CHECK (content_type IN ('audio/wav', 'audio/mpeg')),
  size_bytes     bigint NOT NULL CHECK (size_bytes > 0),
  sha256         text NOT NULL,
  duration_ms    bigint,
  original_name  text,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);
ALTER TABLE media_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON media_files USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());

ALTER TABLE company_holidays ADD CONSTRAINT company_holidays_greeting_media_fkey
  FOREIGN KEY (company_id, greeting_media_id) REFERENCES media_files (company_id, id);
ALTER TABLE ivr_menus ADD CONSTRAINT ivr_menus_greeting_media_fkey
  FOREIGN KEY (company_id, greeting_audio_id) REFERENCES media_files (company_id, id);
