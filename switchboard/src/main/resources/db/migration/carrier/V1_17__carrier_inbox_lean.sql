-- The inbox is written twice per webhook (stored, then marked processed), several times per call.
-- The body is kept as json: the exact text Telnyx signed, checked for syntax but not decomposed into
-- jsonb (less work for PostgreSQL on every insert, and the signed bytes stay as they were). The index on
-- (leg_id, occurred_at) was read by nothing, yet each insert and each mark paid to maintain it.
DROP INDEX carrier_inbox_leg;
ALTER TABLE carrier_inbox ALTER COLUMN body TYPE json USING body::json;
