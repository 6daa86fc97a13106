-- Business hours saved without any range are always closed (as their save warns); only hours never saved count as
-- always open. A default schedule also exists when an override was made before any hours were set, so whether the
-- hours were saved is kept apart from whether there are ranges. Hours saved before this had ranges, or were empty
-- and counted as never set: they keep meaning what they meant.
ALTER TABLE schedules ADD COLUMN hours_set boolean NOT NULL DEFAULT false;
UPDATE schedules s SET hours_set = true
 WHERE NOT s.is_default
    OR EXISTS (SELECT 1 FROM schedule_ranges r WHERE r.company_id = s.company_id AND r.schedule_id = s.id);
