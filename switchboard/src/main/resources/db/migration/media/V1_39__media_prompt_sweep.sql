-- The companies with prompts (not callers' messages nor call recordings) stored before p_cutoff, for the sweep of
-- prompts nothing uses any more (PromptSweep): the app, under row-level security, sees one company at a time.
CREATE FUNCTION media_companies_with_prompts_before(p_cutoff timestamptz)
  RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT company_id FROM media_files
    WHERE purpose NOT IN ('voicemail', 'recording') AND created_at < p_cutoff $$;
