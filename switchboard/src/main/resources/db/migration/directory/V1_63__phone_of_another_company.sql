-- Whether a SIP address or a number is also a phone (SIP address or forwarding number) of a member of another company
-- than the caller's: the demo's simulated phones are one per address, so such a phone's script is not one company's
-- alone to set. Crosses companies as the look-ups of V1_1 do, returning only a yes or no.
CREATE FUNCTION phone_of_another_company(p_address text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM team_members m WHERE m.company_id <> current_company_id()
        AND (m.sip_address = p_address OR m.call_forwarding_number = p_address)) $$;
