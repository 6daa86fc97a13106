-- Callers who texted STOP (or another CTIA opt-out keyword) to one of a company's numbers: no text-back goes to
-- them from that company until they text START (or UNSTOP, YES). One row per company and caller number, the latest
-- keyword winning by when the text was sent (changed_at), so a STOP and a START delivered out of order end right.
CREATE TABLE call_text_opt_outs (
  company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  number      text NOT NULL,
  opted_out   boolean NOT NULL,
  keyword     text NOT NULL,
  changed_at  timestamptz NOT NULL,
  -- The carrier's event (the inbox's event_id) of the text that set it.
  event_id    text NOT NULL,
  PRIMARY KEY (company_id, number)
);
ALTER TABLE call_text_opt_outs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON call_text_opt_outs USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
