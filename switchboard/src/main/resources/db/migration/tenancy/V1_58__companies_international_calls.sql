-- Calls abroad (a click-to-call, a transfer, forwarding or a routing target to a number in another country): off until an
-- owner or admin allows them, as RingCentral and Dialpad ship it; the way toll fraud runs up a bill.
alter table companies add column international_calls boolean not null default false;
