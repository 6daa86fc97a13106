-- Counts the times a user was signed out everywhere (disabled). It is part of the credentials a browser
-- session holds, so a session opened before a disable stays ended when the user is enabled again.
ALTER TABLE users ADD COLUMN sign_outs int NOT NULL DEFAULT 0;

-- Sign-ups by client address, for the sign-up limit (SignupThrottle). Not tenant data, like login_failures.
CREATE TABLE signups (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address  text NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX signups_address ON signups (address, at);
