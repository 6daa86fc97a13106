-- Counts the times a user was signed out everywhere (disabled). It is part of the credentials a browser
-- session holds, so a session opened before a disable stays ended when the user is enabled again.
ALTER TABLE users ADD COLUMN sign_outs int NOT NULL DEFAULT 0;
