-- After a queue call a member is in wrap-up until this instant; queues offer them nothing before it.
ALTER TABLE team_availability ADD COLUMN wrap_up_until timestamptz;
