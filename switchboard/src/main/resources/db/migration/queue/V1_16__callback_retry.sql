-- A callback whose customer did not answer is tried again later (at most three calls to the customer).
ALTER TABLE queue_entries ADD COLUMN callback_not_before timestamptz;
