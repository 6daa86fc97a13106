-- A call's plan and current step are written and read whole by the engine only (the lock reads both
-- for every signal; the step is rewritten by most signals), never searched inside by SQL. As json they
-- are checked for syntax and kept as the text the engine wrote, instead of being decomposed into jsonb
-- on every write and rebuilt as text on every read. The trace stays jsonb: notes are appended with ||.
ALTER TABLE calls ALTER COLUMN step DROP DEFAULT;
ALTER TABLE calls ALTER COLUMN plan TYPE json USING plan::json,
                  ALTER COLUMN step TYPE json USING step::json;
ALTER TABLE calls ALTER COLUMN step SET DEFAULT '{}';
