-- The call log's filters each have an index that also gives the page order (newest first), so a page is
-- as fast at a million calls as at a hundred.
CREATE INDEX calls_from_number ON calls (company_id, from_number, started_at DESC, id DESC);
CREATE INDEX calls_to_number ON calls (company_id, to_number, started_at DESC, id DESC);
CREATE INDEX calls_customer ON calls (company_id, customer_id, started_at DESC, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_answered_by ON calls (company_id, answered_by, started_at DESC, id DESC) WHERE answered_by IS NOT NULL;
CREATE INDEX call_legs_member ON call_legs (company_id, member_id) WHERE member_id IS NOT NULL;
