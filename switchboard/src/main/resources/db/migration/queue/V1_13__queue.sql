-- Call queues (ACD): their settings and members, the callers waiting (and callbacks), and the event
-- log from which the statistics are computed.
CREATE TABLE call_queues (
  company_id              uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                      uuid NOT NULL,
  name                    text NOT NULL,
  strategy                text NOT NULL CHECK (strategy IN ('RING_ALL', 'ROUND_ROBIN', 'LONGEST_IDLE', 'FEWEST_CALLS', 'FIXED_ORDER')),
  ring_timeout_seconds    int NOT NULL,
  wrap_up_seconds         int NOT NULL,
  hold_media_id           uuid,
  announce_position       boolean NOT NULL,
  announce_interval_seconds int NOT NULL,
  max_wait_seconds        int NOT NULL,
  max_wait_target         jsonb,
  max_callers             int NOT NULL,
  full_target             jsonb,
  join_when_empty         boolean NOT NULL,
  leave_when_empty        boolean NOT NULL,
  empty_target            jsonb,
  max_missed_offers       int NOT NULL,
  callback_enabled        boolean NOT NULL,
  callback_key            text,
  vip_tag                 text,
  vip_priority            int NOT NULL,
  rejoin_window_seconds   int NOT NULL,
  short_abandon_seconds   int NOT NULL,
  service_level_seconds   int NOT NULL,
  round_robin_next        int NOT NULL DEFAULT 0,
  updated_at              timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, hold_media_id) REFERENCES media_files (company_id, id)
);
CREATE UNIQUE INDEX call_queues_name ON call_queues (company_id, lower(name));

CREATE TABLE queue_members (
  company_id      uuid NOT NULL,
  queue_id        uuid NOT NULL,
  member_id       uuid NOT NULL,
  position        int NOT NULL,
  missed_in_row   int NOT NULL DEFAULT 0,
  last_offered_at timestamptz,
  PRIMARY KEY (company_id, queue_id, member_id),
  FOREIGN KEY (company_id, queue_id) REFERENCES call_queues (company_id, id) ON DELETE CASCADE,
  FOREIGN KEY (company_id, member_id) REFERENCES team_members (company_id, id) ON DELETE CASCADE
);

-- A caller in line (call_id set) or a callback waiting for its turn (callback_number set).
CREATE TABLE queue_entries (
  company_id       uuid NOT NULL,
  id               uuid NOT NULL,
  queue_id         uuid NOT NULL,
  call_id          uuid,
  from_number      text,
  priority         int NOT NULL DEFAULT 0,
  joined_at        timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('WAITING', 'OFFERING', 'CONNECTED', 'CALLBACK', 'CALLBACK_DIALING',
                                                  'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'COMPLETED', 'MERGED', 'FAILED')),
  offered_members  uuid[] NOT NULL DEFAULT '{}',
  missed_members   uuid[] NOT NULL DEFAULT '{}',
  callback_number  text,
  callback_attempts int NOT NULL DEFAULT 0,
  callback_call_id uuid,
  ended_at         timestamptz,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, queue_id) REFERENCES call_queues (company_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_entries_waiting ON queue_entries (company_id, queue_id, priority DESC, joined_at)
  WHERE state IN ('WAITING', 'OFFERING', 'CALLBACK', 'CALLBACK_DIALING');
CREATE INDEX queue_entries_from ON queue_entries (company_id, queue_id, from_number, ended_at DESC);

CREATE TABLE queue_events (
  company_id    uuid NOT NULL,
  seq           bigint GENERATED ALWAYS AS IDENTITY,
  queue_id      uuid NOT NULL,
  entry_id      uuid,
  call_id       uuid,
  member_id     uuid,
  type          text NOT NULL CHECK (type IN ('JOINED', 'REJOINED', 'OFFERED', 'NO_ANSWER', 'CONNECTED', 'ABANDONED', 'TIMED_OUT',
                                              'OVERFLOWED', 'CALLBACK_REQUESTED', 'CALLBACK_MERGED', 'CALLBACK_DIALED',
                                              'CALLBACK_COMPLETED', 'CALLBACK_FAILED', 'MEMBER_SET_AWAY')),
  at            timestamptz NOT NULL,
  position      int,
  wait_seconds  int,
  detail        text,
  PRIMARY KEY (company_id, seq),
  FOREIGN KEY (company_id, queue_id) REFERENCES call_queues (company_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_events_queue_at ON queue_events (company_id, queue_id, at);

ALTER TABLE call_queues ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_queues USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE queue_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON queue_members USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE queue_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON queue_entries USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE queue_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON queue_events USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
