-- The default strategy rings the whole team when no rule takes a call; in turns (round robin) it needs a pointer,
-- kept with the phone settings as a rule keeps its own.
ALTER TABLE phone_settings ADD COLUMN default_round_robin_next int NOT NULL DEFAULT 0;
