-- The customer the call that left a message is linked to (calls.customer_id: for a number several customers share, the
-- one whose open job routing went by), so the notification names that customer rather than the first with the number.
-- No foreign key: a customer deleted later leaves the message as it is, and the notification falls back to the number.
ALTER TABLE voicemail_messages ADD COLUMN customer_id uuid;
