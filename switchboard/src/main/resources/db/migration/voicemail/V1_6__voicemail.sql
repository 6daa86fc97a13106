-- Voicemail settings: the company's general box (member_id null) and one per member.
CREATE TABLE voicemail_boxes (
  company_id             uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                     uuid NOT NULL,
  member_id              uuid,
  greeting_type          text NOT NULL DEFAULT 'DEFAULT' CHECK (greeting_type IN ('DEFAULT', 'TEXT_TO_SPEECH', 'AUDIO')),
  greeting_text          text,
  greeting_voice         text,
  greeting_language      text,
  greeting_media_id      uuid,
  email_enabled          boolean NOT NULL DEFAULT false,
  email_addresses        text[] NOT NULL DEFAULT '{}',
  attach_audio           boolean NOT NULL DEFAULT true,
  sms_enabled            boolean NOT NULL DEFAULT false,
  sms_number             text,
  transcription_enabled  boolean NOT NULL DEFAULT true,
  retention_days         int CHECK (retention_days IN (30, 60, 90, 365)),
  max_message_seconds    int NOT NULL DEFAULT 120 CHECK (max_message_seconds BETWEEN 30 AND 300),
  updated_at             timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id) ON DELETE CASCADE,
  FOREIGN KEY (company_id, greeting_media_id) REFERENCES media_files (company_id, id)
);
CREATE UNIQUE INDEX voicemail_boxes_member ON voicemail_boxes (company_id, member_id) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX voicemail_boxes_general ON voicemail_boxes (company_id) WHERE member_id IS NULL;
ALTER TABLE voicemail_boxes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON voicemail_boxes USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
