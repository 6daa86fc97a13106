-- A team member has one login (a second would act as them: their status, their calls). Users checked it before
-- linking, but two requests at once could both pass the check; the index makes the second one fail.
-- Logins linked to a member who already had an older one (made by such a race) are unlinked first, so the index can
-- be built: the oldest login keeps the member, the others stay as logins without one (an owner links them anew).
UPDATE users u SET member_id = NULL, updated_at = now()
WHERE u.member_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM users o WHERE o.company_id = u.company_id AND o.member_id = u.member_id
                AND (o.created_at, o.id) < (u.created_at, u.id));

CREATE UNIQUE INDEX users_member_key ON users (company_id, member_id) WHERE member_id IS NOT NULL;
