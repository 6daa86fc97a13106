-- Web sessions, kept here rather than in one node's memory, so that every node honours a browser signed in on any
-- of them (Spring Session JDBC: JdbcIndexedSessionRepository's SPRING_SESSION tables, PostgreSQL folds the names to
-- lower case). Made here, not by Spring Session's own schema script (spring.session.jdbc.initialize-schema: never).
-- Not tenant data, as login_failures is not: a session is found by its id alone (a secret the browser holds) before
-- any company is known, so no company_id and no row-level security; switchboard_app reads and writes them through
-- the default privileges of V1_0. Expired sessions are deleted every minute by each node (EXPIRY_TIME, ms since 1970).
CREATE TABLE spring_session (
  primary_id             char(36) NOT NULL,
  session_id             char(36) NOT NULL,
  creation_time          bigint NOT NULL,
  last_access_time       bigint NOT NULL,
  max_inactive_interval  int NOT NULL,
  expiry_time            bigint NOT NULL,
  -- The signed-in login's email, up to 320 characters (Spring Session's script has varchar(100), which a longer email,
  -- valid at sign-up, would overflow when its session is saved).
  principal_name         text,
  CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
  session_primary_id  char(36) NOT NULL,
  attribute_name      text NOT NULL,
  attribute_bytes     bytea NOT NULL,
  CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
  CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- The one-time tokens of forms that add something (OneTimeForms), claimed by the first send of each: here, not in the
-- session, so that a double submit whose two sends reach two nodes at once (or two threads of one node, each with its
-- own copy of the session) claims it once. Kept a day. Not tenant data: a token is random, known only to the browser
-- it was shown to.
CREATE TABLE form_claims (
  form        text NOT NULL,
  token       uuid NOT NULL,
  claimed_at  timestamptz NOT NULL,
  PRIMARY KEY (form, token)
);
CREATE INDEX form_claims_claimed_at ON form_claims (claimed_at);
