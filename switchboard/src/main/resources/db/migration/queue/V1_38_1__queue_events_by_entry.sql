-- A queue entry's history (every offer of a callback, who was offered it and when) is read by entry, from a call's page.
CREATE INDEX queue_events_entry ON queue_events (company_id, entry_id, at) WHERE entry_id IS NOT NULL;
