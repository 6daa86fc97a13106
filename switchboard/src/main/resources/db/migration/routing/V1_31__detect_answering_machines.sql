-- Answering machine detection on calls to phone numbers (a member's forwarding number, a customer, a forward):
-- the carrier says whether a person or a machine answered, and the call's log says so. Telnyx bills each
-- detection, so a company turns it on.
ALTER TABLE phone_settings
  ADD COLUMN detect_answering_machines boolean NOT NULL DEFAULT false;
