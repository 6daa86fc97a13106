-- A member is counted on a call (team_availability.active_calls) when a call claims them to ring their
-- phone, and uncounted when that phone's leg ends. Should the leg never come to be (the node stopped
-- between claiming the member and dialling) or its end never reach us on a call that has ended, the count
-- would keep them busy for ever: never rung again when at their limit. This gives back, for members whose
-- availability has not changed since p_quiet_since (a claim, an answer or a release all write updated_at,
-- so a claim whose phone is being dialled right now is never touched), every claim no leg holds: the legs
-- not ended of calls still open, or ended within that period (a member's own hangup comes a moment after
-- the caller's, and gives their claim back itself, with its wrap-up). Legs of calls ended before it still
-- marked up are ended with their call, so a hangup arriving for one later gives nothing back twice. Any node may run it: the conditions are checked
-- again on the row it updates, and running it twice changes nothing more.
CREATE FUNCTION members_release_unheld_claims(p_now timestamptz, p_quiet_since timestamptz)
  RETURNS TABLE (released_company uuid, released_member uuid, counted int, held int)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH counted AS (
      SELECT a.company_id, a.member_id, a.active_calls, h.held, h.answered
      FROM team_availability a
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS held, count(*) FILTER (WHERE l.state = 'ANSWERED')::int AS answered
        FROM call_legs l JOIN calls c ON c.company_id = l.company_id AND c.id = l.call_id
        WHERE l.company_id = a.company_id AND l.member_id = a.member_id AND l.state <> 'ENDED'
          AND (c.ended_at IS NULL OR c.ended_at >= p_quiet_since)) h
      WHERE a.active_calls > 0 AND a.updated_at < p_quiet_since AND h.held < a.active_calls
    ), released AS (
      UPDATE team_availability a
      SET active_calls = k.held,
          state = CASE WHEN k.held = 0 THEN 'IDLE' WHEN k.answered > 0 THEN 'ON_CALL' ELSE 'RINGING' END,
          wrap_up_until = NULL,
          state_changed_at = p_now,
          updated_at = p_now
      FROM counted k
      WHERE a.company_id = k.company_id AND a.member_id = k.member_id
        AND a.active_calls = k.active_calls AND a.updated_at < p_quiet_since
      RETURNING a.company_id, a.member_id, k.active_calls, k.held
    ), ended AS (
      UPDATE call_legs l SET state = 'ENDED', ended_at = c.ended_at, hangup_cause = 'other'
      FROM calls c, released r
      WHERE l.company_id = r.company_id AND l.member_id = r.member_id AND l.state <> 'ENDED'
        AND c.company_id = l.company_id AND c.id = l.call_id AND c.ended_at < p_quiet_since
    )
    SELECT company_id, member_id, active_calls, held FROM released $$;
