-- The name of every member deleted from the directory, so what outlives them (the call log, its exports, a callback's
-- history, a transfer) still says who answered instead of "a former member": calls.answered_by and call_legs.member_id
-- keep the id, which no longer finds a team_members row.
CREATE TABLE former_team_members (
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  name       text NOT NULL,
  removed_at timestamptz NOT NULL,
  PRIMARY KEY (company_id, id)
);
ALTER TABLE former_team_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON former_team_members USING (company_id = current_company_id()) WITH CHECK (company_id = current_company_id());
