-- How long the default strategy rings the team before the general voicemail (it was a fixed 20 s).
ALTER TABLE phone_settings ADD COLUMN default_ring_seconds int NOT NULL DEFAULT 20 CHECK (default_ring_seconds BETWEEN 10 AND 120);
