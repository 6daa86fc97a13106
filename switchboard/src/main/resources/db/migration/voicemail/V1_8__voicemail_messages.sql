-- Messages callers left. A message is stored as soon as the carrier says the recording exists; the
-- audio is copied into media storage after (the carrier's URLs expire), retried until it is there.
CREATE TABLE voicemail_messages (
  company_id          uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                  uuid NOT NULL,
  member_id           uuid,
  call_id             uuid,
  from_number         text,
  received_at         timestamptz NOT NULL,
  duration_seconds    int NOT NULL DEFAULT 0,
  carrier_audio_url   text,
  media_id            uuid,
  transcription       text,
  heard               boolean NOT NULL DEFAULT false,
  audio_fetch_attempts int NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id),
  FOREIGN KEY (company_id, media_id) REFERENCES media_files (company_id, id)
);
CREATE INDEX voicemail_messages_box ON voicemail_messages (company_id, member_id, received_at DESC);
ALTER TABLE voicemail_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON voicemail_messages USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
