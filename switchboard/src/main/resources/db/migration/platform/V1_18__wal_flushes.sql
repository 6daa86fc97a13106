-- WalFlush's group commit: one row per app process, written (durably) to flush PostgreSQL's WAL past
-- every transaction committed before it, so that a batch of asynchronously committed webhook
-- transactions becomes durable with one disk flush. A row per process, so nodes never wait on each other.
CREATE TABLE wal_flushes (
  node        uuid PRIMARY KEY,
  flushes     bigint NOT NULL,
  flushed_at  timestamptz NOT NULL
);
