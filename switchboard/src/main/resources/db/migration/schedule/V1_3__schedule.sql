-- Named weekly schedules. The company's business hours are its default schedule; routing rules may
-- have their own.
CREATE TABLE schedules (
  company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  name        text NOT NULL,
  is_default  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);
CREATE UNIQUE INDEX schedules_one_default ON schedules (company_id) WHERE is_default;

CREATE TABLE schedule_ranges (
  company_id   uuid NOT NULL,
  schedule_id  uuid NOT NULL,
  position     int NOT NULL,
  day          text NOT NULL CHECK (day IN ('MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY')),
  start_minute int NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  length_minutes int NOT NULL CHECK (length_minutes BETWEEN 1 AND 1440),
  PRIMARY KEY (company_id, schedule_id, position),
  FOREIGN KEY (company_id, schedule_id) REFERENCES schedules (company_id, id) ON DELETE CASCADE
);

CREATE TABLE schedule_overrides (
  company_id    uuid NOT NULL,
  id            uuid NOT NULL,
  schedule_id   uuid NOT NULL,
  open          boolean NOT NULL,
  starts_at     timestamptz NOT NULL,
  until         timestamptz NOT NULL CHECK (until > starts_at),
  reason        text,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  PRIMARY KEY (company_id, id),
  FOREIGN KEY (company_id, schedule_id) REFERENCES schedules (company_id, id) ON DELETE CASCADE
);
CREATE INDEX schedule_overrides_until ON schedule_overrides (company_id, schedule_id, until);

-- The seed's company_holidays.
CREATE TABLE company_holidays (
  company_id         uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id                 uuid NOT NULL,
  name               text NOT NULL,
  date               date NOT NULL,
  recurrence         text NOT NULL CHECK (recurrence IN ('ONE_TIME','YEARLY','MONTHLY','WEEKLY','CUSTOM')),
  rrule              text,
  exception_dates    date[] NOT NULL DEFAULT '{}',
  observe_weekend    boolean NOT NULL DEFAULT false,
  start_minute       int CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute         int CHECK (end_minute BETWEEN 1 AND 1440),
  greeting_text      text,
  greeting_voice     text,
  greeting_language  text,
  greeting_media_id  uuid,
  routing_rule_id    uuid,
  enabled            boolean NOT NULL DEFAULT true,
  source             text NOT NULL DEFAULT 'manual',
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (company_id, id),
  CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
  CHECK (end_minute IS NULL OR end_minute > start_minute)
);

ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON schedules USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE schedule_ranges ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON schedule_ranges USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE schedule_overrides ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON schedule_overrides USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
ALTER TABLE company_holidays ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON company_holidays USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
