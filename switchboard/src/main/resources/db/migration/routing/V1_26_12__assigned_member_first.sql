-- "Ring the caller's technician first": a simultaneous or round-robin rule may first ring, alone, the member assigned
-- to the caller's open job (a customer calling about it), then its own members. Off by default.
ALTER TABLE call_routing_rules
  ADD COLUMN assigned_member_first boolean NOT NULL DEFAULT false
    CHECK (NOT assigned_member_first OR type IN ('ROUND_ROBIN', 'SIMULTANEOUS'));
