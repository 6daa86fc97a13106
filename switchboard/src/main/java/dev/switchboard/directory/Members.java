package dev.switchboard.directory;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Write;
import dev.switchboard.shared.Extension;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Users;
import java.net.URI;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team directory of the current company: members and their availability. Every change is checked
 * (a refused change names the field and changes nothing) and audited.
 */
@Service
public class Members {

    static final int MIN_RING = 15;
    static final int MAX_RING = 90;
    static final Duration MAX_DND = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Companies companies;
    private final Users users;
    private final List<MemberReferences> references;
    private final List<MemberRemoval> removals;
    private final Jobs jobs;
    private final Clock clock;
    private final dev.switchboard.platform.Timers timers;

    /**
     * The timers of a member whose availability changes by itself at an instant (do-not-disturb ends, a vacation
     * starts or ends): whoever handles this kind (the call engine) looks again at who can take waiting calls.
     */
    public static final String TIMER_AVAILABILITY = "availability";

    Members(JdbcClient jdbc, PasswordEncoder encoder, AuditLog audit, Companies companies, Users users,
            List<MemberReferences> references, List<MemberRemoval> removals, Clock clock, dev.switchboard.platform.Timers timers,
            Jobs jobs) {
        this.jobs = jobs;
        this.timers = timers;
        this.references = references;
        this.removals = removals;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.audit = audit;
        this.companies = companies;
        this.users = users;
        this.clock = clock;
    }

    private static final String SELECT = """
            select m.*, (m.voicemail_pin_hash is not null) as pin_set, a.status, a.status_reason, a.state,
                   a.state_changed_at, a.active_calls, a.calls_today, a.calls_today_date, a.last_call_ended_at,
                   a.vacation_start_date, a.vacation_end_date, a.vacation_message, a.auto_reply_enabled,
                   a.do_not_disturb_until
            from team_members m join team_availability a on a.company_id = m.company_id and a.member_id = m.id
            where m.company_id = :c
            """;

    @Transactional(readOnly = true)
    public List<TeamMember> list() {
        return jdbc.sql(SELECT + " order by m.phone_extension nulls last, lower(m.name)")
                .param("c", TenantContext.require().value()).query(Members::map).list();
    }

    /**
     * The availability of members {@code ids} still in the directory, by member id: what changes from call to
     * call (status, state, calls in progress...), read without the rest of the member (routing caches that
     * part).
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, Availability> availabilityOf(java.util.Collection<UUID> ids) {
        var result = new java.util.HashMap<UUID, Availability>();
        if (ids.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                select member_id, status, status_reason, state, state_changed_at, active_calls, calls_today, calls_today_date,
                       last_call_ended_at, vacation_start_date, vacation_end_date, vacation_message, auto_reply_enabled,
                       do_not_disturb_until
                from team_availability where company_id = :c and member_id = any(:ids)
                """).param("ids", ids.toArray(UUID[]::new)).param("c", TenantContext.require().value())
                .query(rs -> {
                    result.put(rs.getObject("member_id", UUID.class), availability(rs));
                });
        return result;
    }

    @Transactional(readOnly = true)
    public TeamMember get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("team member", id));
    }

    /**
     * Holds member {@code id}'s row until the transaction ends, for a write that refers to the member (its foreign key):
     * a delete of the member waits for it, or it waits for a delete under way and then finds the member gone, instead of
     * failing on the key. Whether the member is there. A lock that keeps the member's edits free ({@code for key share}).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean hold(UUID id) {
        return jdbc.sql("select id from team_members where company_id = :c and id = :id for key share")
                .param("c", TenantContext.require().value()).param("id", id).query(UUID.class).optional().isPresent();
    }

    /**
     * The member whose direct line {@code number} is, if any: one of the company's own numbers, which a call out to it would
     * reach only by coming back in as a new call (see {@code Company.dialRefusal} for the business numbers).
     */
    @Transactional(readOnly = true)
    public Optional<TeamMember> directLine(dev.switchboard.shared.PhoneNumber number) {
        return jdbc.sql(SELECT + " and m.direct_inward_dial = :n").param("c", TenantContext.require().value()).param("n", number.e164())
                .query(Members::map).optional();
    }

    @Transactional(readOnly = true)
    public Optional<TeamMember> find(UUID id) {
        return jdbc.sql(SELECT + " and m.id = :id").param("c", TenantContext.require().value()).param("id", id)
                .query(Members::map).optional();
    }

    /**
     * Whether {@code pin} is the member's voicemail PIN: empty when the member has no PIN set. Only the
     * hash is stored; throttling repeated guesses is the caller's job (voicemail's MailboxAccess).
     */
    @Transactional(readOnly = true)
    public Optional<Boolean> voicemailPinMatches(UUID memberId, String pin) {
        var hash = jdbc.sql("select voicemail_pin_hash from team_members where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", memberId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional()
                .orElseThrow(() -> new NotFoundException("team member", memberId));
        return hash.map(h -> pin != null && encoder.matches(pin, h));
    }

    /** Who may take a call now among {@code candidates} (all members when empty), and why the others may not. */
    @Transactional(readOnly = true)
    public Eligibility.Report eligible(Collection<UUID> candidates) {
        var all = list();
        List<TeamMember> chosen;
        if (candidates == null || candidates.isEmpty()) {
            chosen = all;
        } else {
            var byId = new java.util.HashMap<UUID, TeamMember>();
            all.forEach(m -> byId.put(m.id(), m));
            chosen = new ArrayList<>();
            for (var id : candidates) {
                var m = byId.get(id);
                if (m == null) {
                    throw new NotFoundException("team member", id);
                }
                chosen.add(m);
            }
        }
        return Eligibility.withoutPhones(Eligibility.evaluate(chosen, clock.instant(), companies.current().timezone()), chosen);
    }

    @Transactional
    public TeamMember create(Actor actor, MemberInput input) {
        Companies.requireConfigureOf(actor);
        // Under the routing lock, as menu saves are: the extension's check against the menus' keys (validate) stays true
        // until this commits, and a menu saved meanwhile sees this extension.
        references.forEach(MemberReferences::lockReferences);
        var v = validate(input, null);
        var id = UUID.randomUUID();
        var now = Timestamp.from(clock.instant());
        var company = TenantContext.require().value();
        write("""
                insert into team_members (company_id, id, name, email, role, phone_extension, direct_inward_dial,
                  extension_enabled, voicemail_pin_hash, call_forwarding_enabled, call_forwarding_number,
                  simultaneous_ring_enabled, confirm_forwarded_calls, ring_timeout_seconds, voicemail_greeting_url, sip_address,
                  max_concurrent_calls, created_at, updated_at)
                values (:c, :id, :name, :email, :role, :ext, :did, :enabled, :pin, :fwdEnabled, :fwd, :simRing, :confirm, :ring,
                  :greeting, :sip, :maxCalls, :now, :now)
                """, v, company, id, v.pinHash(), now);
        jdbc.sql("insert into team_availability (company_id, member_id, state_changed_at, updated_at) values (:c, :id, :now, :now)")
                .param("c", company).param("id", id).param("now", now).update();
        var created = get(id);
        audit.record(actor, "team_member", id, "create", null, created);
        return created;
    }

    @Transactional
    public TeamMember update(Actor actor, UUID id, MemberInput input) {
        return update(actor, id, current -> input);
    }

    /**
     * Updates a member with the input {@code change} makes of their current settings ({@link MemberInput#of}), read
     * under the same locks as any update, so a partial change (an API PATCH) is merged into what is stored at that moment
     * and never undoes a change committed meanwhile. The input is then checked and saved exactly as a full one.
     */
    @Transactional
    public TeamMember update(Actor actor, UUID id, java.util.function.UnaryOperator<MemberInput> change) {
        Companies.requireConfigureOf(actor);
        return save(actor, id, null, change);
    }

    /**
     * Sets where the member's calls are forwarded ({@link Forwarding}: the admin's form's forwarding fields): an owner or
     * admin anyone's, everyone else only their own (RingCentral, Dialpad and 3CX let each user manage their own
     * forwarding). {@code change} makes the new forwarding of the current one, under the same locks as {@link #update},
     * and the member's other settings are kept; the result is checked, saved and audited exactly as an admin's update of
     * it (the same refusals, the same "update" entry, this actor named).
     */
    @Transactional
    public TeamMember setForwarding(Actor actor, UUID id, java.util.function.UnaryOperator<Forwarding> change) {
        return save(actor, id, "forwarding", current -> change.apply(Forwarding.of(current)).applyTo(current));
    }

    /**
     * Sets member {@code id}'s voicemail PIN (4 to 10 digits), or removes it ({@code pin} null): their own, as for
     * forwarding, or anyone's for an owner or admin. The voicemail by phone asks for it; a member sets their own, so that
     * nobody else need know it.
     */
    @Transactional
    public TeamMember setVoicemailPin(Actor actor, UUID id, String pin) {
        // Checked as the member's form checks it (validate): 422 naming voicemail_pin, nothing changed.
        return save(actor, id, "voicemail PIN", c -> c.withVoicemailPin(pin));
    }

    /**
     * Saves the input {@code change} makes of member {@code id}'s current settings. {@code ownPart} null: the caller has
     * checked the actor may configure; else the part of the member (as "forwarding") that the member may change too.
     */
    private TeamMember save(Actor actor, UUID id, String ownPart, java.util.function.UnaryOperator<MemberInput> change) {
        // The routing lock before the member's row (the order delete and rule edits take them): a new extension's check
        // against the menus' keys stays true until this commits.
        references.forEach(MemberReferences::lockReferences);
        var before = lockAndGet(id);
        if (ownPart != null) {
            requireSelfOrAdmin(actor, id, ownPart);
        }
        var input = change.apply(MemberInput.of(before));
        var v = validate(input, before);
        String pinHash;
        if (Boolean.TRUE.equals(input.clearVoicemailPin())) {
            pinHash = null;
        } else if (v.pinHash() != null) {
            pinHash = v.pinHash();
        } else {
            pinHash = jdbc.sql("select voicemail_pin_hash from team_members where company_id = :c and id = :id")
                    .param("c", TenantContext.require().value()).param("id", id).query(String.class).optional().orElse(null);
        }
        write("""
                update team_members set name = :name, email = :email, role = :role, phone_extension = :ext,
                  direct_inward_dial = :did, extension_enabled = :enabled, voicemail_pin_hash = :pin,
                  call_forwarding_enabled = :fwdEnabled, call_forwarding_number = :fwd,
                  simultaneous_ring_enabled = :simRing, confirm_forwarded_calls = :confirm, ring_timeout_seconds = :ring,
                  voicemail_greeting_url = :greeting, sip_address = :sip, max_concurrent_calls = :maxCalls,
                  updated_at = :now
                where company_id = :c and id = :id
                """, v, TenantContext.require().value(), id, pinHash, Timestamp.from(clock.instant()));
        var after = get(id);
        audit.record(actor, "team_member", id, pinChanged(input) ? "update (voicemail PIN changed)" : "update", before, after);
        return after;
    }

    /**
     * For a member just added: the login with their email that is linked to no team member (the one kept when someone was
     * removed and is now added again, say), to link on Team &amp; logins; empty when there is none. Added again, a returning
     * cleaner's login stayed unlinked, so they signed in to no status, calls or voicemail of their own, and nothing said so.
     */
    @Transactional(readOnly = true)
    public Optional<String> unlinkedLoginNote(TeamMember member) {
        if (member.email() == null) {
            return Optional.empty();
        }
        return users.list().stream().filter(u -> u.memberId() == null && u.email().equalsIgnoreCase(member.email())).findFirst()
                .map(u -> "The login " + u.email() + " has the same email and is linked to no team member: link it to "
                        + member.name() + " on Team & logins (Edit), so that they see their own calls and voicemail and set their"
                        + " own status.");
    }

    /**
     * What sends calls to member {@code id} (routing rules, IVR menus, queues, the phone settings), each by kind, id and
     * name: while any does, {@link #delete} refuses. Empty when nothing does.
     */
    @Transactional(readOnly = true)
    public List<MemberReferences.Use> usesOf(UUID id) {
        get(id);
        return MemberReferences.Use.merged(references.stream().flatMap(r -> r.usesOf(id).stream()).toList());
    }

    /**
     * The name of everyone who is or was a member of the company, by id: a deleted member's as it was when they were
     * deleted, followed by "(removed)". For what outlives members: the call log, its exports, a callback's history.
     */
    @Transactional(readOnly = true)
    public Map<UUID, String> everyonesNames() {
        var names = new HashMap<UUID, String>();
        var company = TenantContext.require().value();
        jdbc.sql("select id, name from former_team_members where company_id = :c").param("c", company)
                .query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2) + " (removed)");
                });
        jdbc.sql("select id, name from team_members where company_id = :c").param("c", company)
                .query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return names;
    }

    /**
     * Someone whose calls the call log can be filtered by: a member, or one deleted since ({@code removed}), whose calls
     * stay in the log under their name followed by "(removed)", as {@link #everyonesNames} names them.
     */
    public record Everyone(UUID id, String name, boolean removed) {
    }

    /**
     * Everyone who is or was a member of the company: the current members by name, then the removed ones by name, each
     * named as the call log names them. The call log's member filter offers them all: a removed member's old calls
     * are still theirs to find.
     */
    @Transactional(readOnly = true)
    public List<Everyone> everyone() {
        return jdbc.sql("""
                select * from (
                  select id, name, false as removed from team_members where company_id = :c
                  union all
                  select f.id, f.name || ' (removed)', true from former_team_members f
                  where f.company_id = :c and not exists (select 1 from team_members m where m.company_id = f.company_id and m.id = f.id)
                ) e order by removed, lower(name), id
                """).param("c", TenantContext.require().value())
                .query((rs, n) -> new Everyone(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBoolean("removed"))).list();
    }

    /**
     * Deletes a member nothing sends calls to (else 409 {@code in_use} naming each place), and in the same transaction
     * lets go of what was theirs, each change with its audit entry; returns those changes in words, for the page to say.
     */
    @Transactional
    public List<String> delete(Actor actor, UUID id) {
        return delete(actor, id, false);
    }

    /**
     * As {@link #delete(Actor, UUID)}; with {@code keepDirectNumber}, the member's direct number becomes one of the
     * business numbers in the same transaction, so the calls of the customers who still have it go through the company's
     * routing, as its main number's do, not refused and lost. Refused (422 on {@code keep_direct_number}, nothing
     * deleted) when it cannot be one: a colleague's calls are forwarded to it.
     */
    @Transactional
    public List<String> delete(Actor actor, UUID id, boolean keepDirectNumber) {
        Companies.requireConfigureOf(actor);
        // Taken before the member's row, in the order a rule edit takes them (the routing lock, then the row through
        // its member list's foreign key): a rule saved between the check below and the delete targeted a deleted member.
        references.forEach(MemberReferences::lockReferences);
        var before = lockAndGet(id);
        var uses = MemberReferences.Use.merged(references.stream().flatMap(r -> r.usesOf(id).stream()).toList()).stream()
                .map(MemberReferences.Use::description).toList();
        if (!uses.isEmpty()) {
            throw new ConflictException("id", "in_use", before.name() + " is used by " + String.join(", ", uses) + "; change those first");
        }
        var company = TenantContext.require().value();
        var changed = new ArrayList<String>();
        removals.forEach(r -> changed.addAll(r.memberRemoved(actor, id, before.name())));
        // Their calls keep their id (calls.answered_by, call legs): this keeps the name that id stood for.
        jdbc.sql("""
                insert into former_team_members (company_id, id, name, removed_at) values (:c, :id, :name, :now)
                on conflict (company_id, id) do update set name = excluded.name, removed_at = excluded.removed_at
                """).param("c", company).param("id", id).param("name", before.name())
                .param("now", Timestamp.from(clock.instant())).update();
        users.unlinkMember(actor, id).forEach(email -> changed.add("login " + email + " kept without a team member"));
        int jobsUnassigned = jobs.unassignAll(actor, id);
        if (jobsUnassigned > 0) {
            changed.add((jobsUnassigned == 1 ? "1 job" : jobsUnassigned + " jobs") + " unassigned");
        }
        jdbc.sql("delete from team_members where company_id = :c and id = :id").param("c", company).param("id", id).update();
        timers.cancelAll(TIMER_AVAILABILITY, id);
        audit.record(actor, "team_member", id, "delete", before, null);
        if (keepDirectNumber && before.directInwardDial() != null) {
            changed.add(keepAsBusinessNumber(actor, before.directInwardDial()));
        }
        return changed;
    }

    /**
     * The colleagues whose calls are forwarded (or rung at once) to {@code number}, by name: a deleted member's direct number
     * released, their forwarded calls fail; kept as a business number, they would come back round.
     */
    @Transactional(readOnly = true)
    public List<String> forwardingTo(PhoneNumber number) {
        return ForwardingNumberUses.namesForwardingTo(jdbc, number.e164());
    }

    /**
     * Whether {@code address} (a SIP address or an E.164 number) is also a phone of a member of another company: the demo's
     * simulated phones are one per address, so such a phone's script is not this company's alone to set.
     */
    @Transactional(readOnly = true)
    public boolean phoneOfAnotherCompany(String address) {
        TenantContext.require();
        // Across companies, which row-level security hides: its own look-up, answering yes or no alone.
        return jdbc.sql("select phone_of_another_company(:a)").param("a", address).query(Boolean.class).single();
    }

    /** Adds a deleted member's direct number to the business numbers; what the page says of it. */
    private String keepAsBusinessNumber(Actor actor, PhoneNumber did) {
        var company = companies.current();
        var numbers = new ArrayList<>(company.businessNumbers().stream().map(PhoneNumber::e164).toList());
        numbers.add(did.e164());
        try {
            companies.update(actor, new Companies.Settings(company.name(), company.timezone().getId(), company.defaultRegion(), numbers));
        } catch (InvalidInputException e) {
            // The business number's own checks (a colleague's calls forwarded there would come back round): said of this
            // choice, the delete undone with the transaction.
            throw new InvalidInputException("keep_direct_number", e.problems().getFirst().rule(), "cannot keep "
                    + did.e164() + " as a business number: " + e.problems().getFirst().message().replaceFirst("^\\+\\d+ ", "")
                    + "; or delete without keeping it");
        }
        return "direct number " + did.e164() + " kept as a business number: its calls now go through the call routing";
    }

    /**
     * Sets the member's status: owners, admins and supervisors for anyone, agents only for themselves. A supervisor runs the
     * floor: puts back to Available an agent the queue set Away after missed calls, or Offline one who went home signed in
     * (as RingCentral's and Dialpad's supervisors do); the rest of a colleague's availability (vacation, do-not-disturb)
     * stays theirs or an admin's.
     */
    @Transactional
    public TeamMember setStatus(Actor actor, UUID id, String status, String reason) {
        var before = lockAndGet(id);
        if (actor.role() != dev.switchboard.tenancy.Role.SUPERVISOR) {
            requireSelfOrAdmin(actor, id, "availability");
        }
        MemberStatus parsed;
        try {
            parsed = MemberStatus.valueOf(status == null ? "" : status.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "enum", "must be one of AVAILABLE, AWAY, OFFLINE");
        }
        if (reason != null && reason.length() > 200) {
            throw new InvalidInputException("reason", "length", "must be at most 200 characters");
        }
        return saveAvailability(actor, before, before.availability().withStatus(parsed, blankToNull(reason)), "status");
    }

    /** Sets a vacation from {@code start} to {@code end} inclusive, in the company's timezone. */
    @Transactional
    public TeamMember setVacation(Actor actor, UUID id, LocalDate start, LocalDate end, String message, Boolean autoReply) {
        var before = lockAndGetForSelfOrAdmin(actor, id);
        var problems = new ArrayList<FieldProblem>();
        if (start == null) {
            problems.add(new FieldProblem("start_date", "required", "must be a date such as 2026-12-24"));
        }
        if (end == null) {
            problems.add(new FieldProblem("end_date", "required", "must be a date such as 2026-12-31"));
        }
        if (start != null && end != null && end.isBefore(start)) {
            problems.add(new FieldProblem("end_date", "order", "must not be before the first day ("
                    + companies.current().formats().date(start) + ")"));
        }
        var today = clock.instant().atZone(companies.current().timezone()).toLocalDate();
        if (end != null && end.isBefore(today)) {
            problems.add(new FieldProblem("end_date", "future", "must not be in the past (today is " + companies.current().formats().date(today) + ")"));
        }
        if (start != null && end != null && start.plusYears(1).isBefore(end)) {
            problems.add(new FieldProblem("end_date", "range", "a vacation can last at most one year"));
        }
        if (message != null && message.length() > 500) {
            problems.add(new FieldProblem("message", "length", "must be at most 500 characters"));
        }
        if (Boolean.TRUE.equals(autoReply) && blankToNull(message) == null) {
            // Saved, it said nothing to callers (the auto-reply needs words to say), and the member believed it on.
            problems.add(new FieldProblem("message", "required", "is what the auto-reply says to callers: give it, or turn the auto-reply off"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var vacation = new Vacation(start, end, blankToNull(message), Boolean.TRUE.equals(autoReply));
        return saveAvailability(actor, before, before.availability().withVacation(vacation), "vacation");
    }

    @Transactional
    public TeamMember clearVacation(Actor actor, UUID id) {
        var before = lockAndGetForSelfOrAdmin(actor, id);
        return saveAvailability(actor, before, before.availability().withVacation(null), "vacation cleared");
    }

    /** Do-not-disturb until {@code until}, which must be in the future and at most 30 days away. */
    @Transactional
    public TeamMember setDoNotDisturb(Actor actor, UUID id, Instant until) {
        var before = lockAndGetForSelfOrAdmin(actor, id);
        var now = clock.instant();
        if (until == null) {
            throw new InvalidInputException("until", "required", "must be an instant such as 2026-11-25T17:00:00Z");
        }
        if (!until.isAfter(now)) {
            throw new InvalidInputException("until", "future", "must be in the future");
        }
        if (until.isAfter(now.plus(MAX_DND))) {
            throw new InvalidInputException("until", "range", "must be at most 30 days away; use vacation for longer");
        }
        return saveAvailability(actor, before, before.availability().withDoNotDisturbUntil(until), "do-not-disturb");
    }

    @Transactional
    public TeamMember clearDoNotDisturb(Actor actor, UUID id) {
        var before = lockAndGetForSelfOrAdmin(actor, id);
        return saveAvailability(actor, before, before.availability().withDoNotDisturbUntil(null), "do-not-disturb cleared");
    }

    // --- the call engine's changes of state (no actor: the system sets state) ---

    /**
     * Claims a member for a call about to ring them, atomically in the database: only when they may take it
     * now, as {@link Eligibility} says (extension enabled, not on vacation, not in do-not-disturb, status
     * available, fewer calls than their limit), so a member who changed any of these since the call was
     * decided is not rung. Two nodes claiming at once cannot both push a member past the limit. Returns
     * false when the member could not be claimed.
     */
    @Transactional
    public boolean claim(UUID memberId) {
        return claim(memberId, true, true);
    }

    /**
     * As {@link #claim(UUID)}, but without waiting: false at once when another transaction holds the
     * member's row (another call is claiming or releasing them right now). Round robin tries the next
     * member instead of queueing behind that call, so calls arriving together spread over the team.
     */
    @Transactional
    public boolean claimIfFree(UUID memberId) {
        return claim(memberId, false, true);
    }

    /**
     * Claims a member for a call out from their phone (click-to-call): their call limit counts, not their do-not-disturb
     * or vacation (which keep calls from reaching them, not them from calling). Their status counts only when someone
     * else places it ({@code ownCall} false: an owner's API call rings the phone of a member who said they are Away or
     * Offline); a member placing their own call is there, whatever their status says to callers.
     */
    @Transactional
    public boolean claimToDialOut(UUID memberId, boolean ownCall) {
        return claim(memberId, true, false, !ownCall);
    }

    /**
     * Why {@code memberId} cannot take a call offered now (as routing says it: "do-not-disturb until ...",
     * "away: lunch"), or empty if they could: for the trace of a claim that failed.
     */
    @Transactional(readOnly = true)
    public Optional<String> whyNot(UUID memberId) {
        var member = find(memberId);
        if (member.isEmpty()) {
            return Optional.of("no longer in the directory");
        }
        return Eligibility.evaluate(List.of(member.get()), clock.instant(), companies.current().timezone()).excluded().stream()
                .findFirst().map(Eligibility.Excluded::detail);
    }

    private boolean claim(UUID memberId, boolean wait, boolean offered) {
        return claim(memberId, wait, offered, true);
    }

    private boolean claim(UUID memberId, boolean wait, boolean offered, boolean statusCounts) {
        var now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                update team_availability a set active_calls = a.active_calls + 1,
                  state = case when a.active_calls = 0 then 'RINGING' else a.state end, wrap_up_until = null,
                  state_changed_at = case when a.active_calls = 0 then :now else a.state_changed_at end, updated_at = :now
                from team_members m
                where a.company_id = :c and a.member_id = :id and m.company_id = a.company_id and m.id = a.member_id
                  and a.active_calls < m.max_concurrent_calls
                """ + (statusCounts ? "and a.status = 'AVAILABLE'\n" : "") + (offered ? """
                  and m.extension_enabled and (a.do_not_disturb_until is null or a.do_not_disturb_until <= :now)
                  and not exists (select 1 from companies co where co.id = a.company_id
                    and (cast(:now as timestamptz) at time zone co.timezone)::date between a.vacation_start_date and a.vacation_end_date)
                """ : "") + (wait ? "" : """
                  and a.member_id in (select member_id from team_availability where company_id = :c and member_id = :id
                                      for update skip locked)
                """))
                .param("now", now).param("c", TenantContext.require().value()).param("id", memberId).update() == 1;
    }

    /** The claimed member answered: on a call, and one more call handled {@code today} (the company-local day). */
    @Transactional
    public void answered(UUID memberId, java.time.LocalDate today) {
        answeredWrite(memberId, today).run(jdbc);
    }

    /**
     * The claimed member answered a call they had answered before (transferred away, and back to them): on a call again,
     * and no call more handled today (a call counts once among a member's calls of the day).
     */
    @Transactional
    public void answeredAgain(UUID memberId) {
        jdbc.sql("""
                update team_availability set state = 'ON_CALL', state_changed_at = :now, updated_at = :now
                where company_id = :c and member_id = :id and active_calls > 0
                """).param("now", Timestamp.from(clock.instant())).param("c", TenantContext.require().value()).param("id", memberId).update();
    }

    /**
     * {@link #answered} as a write to send with others in this transaction (the call engine joins it to
     * the signal's statement of writes): nothing in the signal reads the member's row after it.
     */
    public Write answeredWrite(UUID memberId, java.time.LocalDate today) {
        return new Write(p -> """
                update team_availability set state = 'ON_CALL', state_changed_at = :%1$snow,
                  calls_today = case when calls_today_date = :%1$stoday then calls_today + 1 else 1 end,
                  calls_today_date = :%1$stoday, updated_at = :%1$snow
                where company_id = :%1$sc and member_id = :%1$sid and active_calls > 0
                """.formatted(p), Write.params("now", Timestamp.from(clock.instant()), "today", Date.valueOf(today),
                "c", TenantContext.require().value(), "id", memberId));
    }

    /**
     * The member answered a call whose answer was heard only after their phone's hangup (a late webhook): one more call
     * handled on {@code day} (the company-local day of the answer), their claim long released; nothing for a day before
     * the one now counted.
     */
    @Transactional
    public void answeredLate(UUID memberId, java.time.LocalDate day) {
        jdbc.sql("""
                update team_availability set calls_today = case when calls_today_date = :day then calls_today + 1 else 1 end,
                  calls_today_date = :day, updated_at = :now
                where company_id = :c and member_id = :id and (calls_today_date is null or calls_today_date <= :day)
                """).param("now", Timestamp.from(clock.instant())).param("day", Date.valueOf(day))
                .param("c", TenantContext.require().value()).param("id", memberId).update();
    }

    /**
     * A call counted for the member when their answer was heard ({@link #answered}) turned out not answered after all:
     * nobody talked to its caller (they had hung up first). It is taken back from the day it was counted on
     * ({@code countedOn}, the company-local day); nothing once that day's count has been started afresh.
     */
    @Transactional
    public void notAnsweredAfterAll(UUID memberId, java.time.LocalDate countedOn) {
        jdbc.sql("""
                update team_availability set calls_today = greatest(calls_today - 1, 0), updated_at = :now
                where company_id = :c and member_id = :id and calls_today_date = :day
                """).param("now", Timestamp.from(clock.instant())).param("day", Date.valueOf(countedOn))
                .param("c", TenantContext.require().value()).param("id", memberId).update();
    }

    /**
     * Releases a claim when the member's leg ended: with calls left they stay busy; otherwise idle, or
     * in wrap-up until {@code wrapUp} has passed after an answered call (queues offer them nothing
     * until then); an answered call sets when their last call ended.
     *
     * @return when their wrap-up ends, if they are now in wrap-up
     */
    @Transactional
    public Optional<Instant> release(UUID memberId, boolean wasAnswered, Duration wrapUp) {
        var now = clock.instant();
        boolean wraps = wasAnswered && wrapUp != null && !wrapUp.isZero() && !wrapUp.isNegative();
        var until = wraps ? now.plus(wrapUp) : null;
        return jdbc.sql("""
                update team_availability set active_calls = greatest(active_calls - 1, 0),
                  state = case when active_calls <= 1 then (case when :wraps then 'WRAP_UP' else 'IDLE' end) else state end,
                  wrap_up_until = case when active_calls <= 1 then :until else wrap_up_until end,
                  state_changed_at = case when active_calls <= 1 then :now else state_changed_at end,
                  last_call_ended_at = case when :answered then :now else last_call_ended_at end, updated_at = :now
                where company_id = :c and member_id = :id
                returning state, wrap_up_until
                """)
                .param("now", Timestamp.from(now)).param("answered", wasAnswered).param("wraps", wraps)
                .param("until", until == null ? null : Timestamp.from(until))
                .param("c", TenantContext.require().value()).param("id", memberId)
                .query((rs, n) -> "WRAP_UP".equals(rs.getString(1)) && rs.getTimestamp(2) != null ? rs.getTimestamp(2).toInstant() : null)
                .optional();
    }

    /** Releases a claim with no wrap-up. */
    @Transactional
    public void release(UUID memberId, boolean wasAnswered) {
        release(memberId, wasAnswered, Duration.ZERO);
    }

    /** Ends a member's wrap-up once its time has passed; true when they are now idle. */
    @Transactional
    public boolean finishWrapUp(UUID memberId) {
        var now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                update team_availability set state = 'IDLE', wrap_up_until = null, state_changed_at = :now, updated_at = :now
                where company_id = :c and member_id = :id and state = 'WRAP_UP' and active_calls = 0
                  and (wrap_up_until is null or wrap_up_until <= :now)
                """).param("now", now).param("c", TenantContext.require().value()).param("id", memberId).update() == 1;
    }

    /** When each of {@code ids} that is in wrap-up comes out of it. */
    @Transactional(readOnly = true)
    public Map<UUID, Instant> wrapUpEnds(Collection<UUID> ids) {
        var result = new HashMap<UUID, Instant>();
        if (ids.isEmpty()) {
            return result;
        }
        jdbc.sql("select member_id, wrap_up_until from team_availability where company_id = :c and member_id in (:ids) and wrap_up_until is not null")
                .param("c", TenantContext.require().value()).param("ids", ids)
                .query((rs, n) -> result.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list();
        return result;
    }

    /** The system sets a member away (for example after missing queue calls), with the reason; audited. */
    @Transactional
    public TeamMember setAwayBySystem(UUID memberId, String reason) {
        var before = lockAndGet(memberId);
        return saveAvailability(Actor.system(TenantContext.require()), before,
                before.availability().withStatus(MemberStatus.AWAY, reason), "set away: " + reason);
    }

    /**
     * The extension "assign next free extensions" would give next, counting up from {@code start}: the lowest one nobody
     * has that a caller can dial (see {@link MemberReferences#extensionConflict}); empty when none is left. A suggestion
     * for a form: the save checks the extension again.
     */
    @Transactional(readOnly = true)
    public Optional<String> nextFreeExtension(int start) {
        var taken = new HashSet<String>();
        list().forEach(m -> {
            if (m.phoneExtension() != null) {
                taken.add(m.phoneExtension().digits());
            }
        });
        var freeFirstKeys = new HashMap<Character, Boolean>();
        for (int n = Math.max(start, 10); n <= 999_999; n++) {
            var ext = String.valueOf(n);
            if (!taken.contains(ext) && freeFirstKeys.computeIfAbsent(ext.charAt(0), k -> extensionConflict(ext).isEmpty())) {
                return Optional.of(ext);
            }
        }
        return Optional.empty();
    }

    /** Gives every member without an extension the next free one, counting up from {@code start}. */
    @Transactional
    public List<TeamMember> assignNextFreeExtensions(Actor actor, int start) {
        Companies.requireConfigureOf(actor);
        if (start < 10 || start > 999_999) {
            throw new InvalidInputException("start", "range", "must be 10 to 999999");
        }
        var members = list();
        var taken = new java.util.HashSet<String>();
        members.forEach(m -> {
            if (m.phoneExtension() != null) {
                taken.add(m.phoneExtension().digits());
            }
        });
        int next = start;
        var changed = new ArrayList<TeamMember>();
        // Whether an extension may begin with a key depends on that key only (see MemberReferences): asked once a key.
        var freeFirstKeys = new java.util.HashMap<Character, Boolean>();
        java.util.function.IntPredicate reachable = n -> freeFirstKeys.computeIfAbsent(String.valueOf(n).charAt(0),
                k -> extensionConflict(String.valueOf(n)).isEmpty());
        for (var m : members) {
            if (m.phoneExtension() != null) {
                continue;
            }
            while (taken.contains(String.valueOf(next)) || !reachable.test(next)) {
                next++;
            }
            if (next > 999_999) {
                throw new InvalidInputException("start", "range", "no free extensions left");
            }
            var ext = String.valueOf(next);
            taken.add(ext);
            try {
                jdbc.sql("update team_members set phone_extension = :e, updated_at = :now where company_id = :c and id = :id")
                        .param("e", ext).param("now", Timestamp.from(clock.instant()))
                        .param("c", TenantContext.require().value()).param("id", m.id()).update();
            } catch (DuplicateKeyException e) {
                // A member added or changed at the same moment took it: refused naming the field (none is given out).
                throw new ConflictException("phone_extension", "extension " + ext + " was taken by another change while the "
                        + "extensions were given out; nothing was changed, try again");
            }
            var after = get(m.id());
            audit.record(actor, "team_member", m.id(), "extension assigned", m, after);
            changed.add(after);
        }
        return changed;
    }

    // --- internals ---

    private record Valid(String name, String email, String role, String ext, String did, boolean enabled,
            String pinHash, boolean fwdEnabled, String fwd, boolean simRing, boolean confirm, int ring, String greeting, String sip,
            int maxCalls) {
    }

    /**
     * Whether forwarding to {@code fwd} comes back to this member: it is a colleague's direct number, whose calls are
     * forwarded (or also rung) to another colleague's direct number... and so on, to this member's own direct number.
     * Each hop is a new call through the carrier, so such a chain would place calls until one side hung up.
     */
    private Optional<String> forwardingLoop(UUID self, String ownDid, String fwd) {
        var byDid = new HashMap<String, TeamMember>();
        for (var m : list()) {
            if (m.directInwardDial() != null && !m.id().equals(self)) {
                byDid.put(m.directInwardDial().e164(), m);
            }
        }
        var path = new ArrayList<String>();
        var seen = new HashSet<UUID>();
        var number = fwd;
        while (true) {
            var next = byDid.get(number);
            if (next == null || !seen.add(next.id())) {
                return Optional.empty();
            }
            path.add(next.name() + "'s direct number");
            var onward = next.callForwardingNumber();
            if (onward == null || !(next.callForwardingEnabled() || next.simultaneousRingEnabled())) {
                return Optional.empty();
            }
            if (onward.e164().equals(ownDid)) {
                return Optional.of("is " + String.join(", which forwards to ", path)
                        + ", which forwards back to this member's direct number: calls would go round for ever");
            }
            number = onward.e164();
        }
    }

    private java.util.Optional<String> extensionConflict(String extension) {
        return references.stream().map(r -> r.extensionConflict(extension)).flatMap(java.util.Optional::stream).findFirst();
    }

    private Valid validate(MemberInput in, TeamMember existing) {
        var problems = new ArrayList<FieldProblem>();
        var region = companies.current().defaultRegion();
        var company = TenantContext.require().value();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty()) {
            problems.add(new FieldProblem("name", "required", "must not be blank"));
        } else if (name.length() > 200) {
            problems.add(new FieldProblem("name", "length", "must be at most 200 characters"));
        }
        var email = blankToNull(in.email());
        if (email != null && !dev.switchboard.shared.EmailAddress.isValid(email)) {
            problems.add(new FieldProblem("email", "email", "must be an email address such as name@example.com"));
        }
        var role = blankToNull(in.role());
        if (role != null && role.length() > 100) {
            problems.add(new FieldProblem("role", "length", "must be at most 100 characters"));
        }
        var ext = blankToNull(in.phoneExtension());
        if (ext != null && !ext.matches("[0-9]{2,6}")) {
            problems.add(new FieldProblem("phone_extension", "pattern", "must be 2 to 6 digits"));
        } else if (ext != null && (existing == null || existing.phoneExtension() == null || !existing.phoneExtension().digits().equals(ext))) {
            extensionConflict(ext).ifPresent(why -> problems.add(new FieldProblem("phone_extension", "collision", why)));
        }
        var did = phone(in.directInwardDial(), "direct_inward_dial", region, problems);
        var pin = in.voicemailPin();
        if (pin != null && !pin.matches("[0-9]{4,10}")) {
            problems.add(new FieldProblem("voicemail_pin", "pattern", "must be 4 to 10 digits"));
        } else if (pin != null && guessable(pin, ext, did) != null) {
            problems.add(new FieldProblem("voicemail_pin", "guessable", "is too easy to guess (" + guessable(pin, ext, did)
                    + "); choose digits that are not a pattern"));
        } else if (pin != null && Boolean.TRUE.equals(in.clearVoicemailPin())) {
            problems.add(new FieldProblem("voicemail_pin", "conflict", "give a new PIN or remove the PIN, not both"));
        }
        boolean fwdEnabled = Boolean.TRUE.equals(in.callForwardingEnabled());
        var fwd = phone(in.callForwardingNumber(), "call_forwarding_number", region, problems);
        var fwdExtension = fwd == null ? null : PhoneNumber.extensionOf(in.callForwardingNumber(), region);
        if (fwdExtension != null) {
            // It was dropped, and calls forwarded to the main line behind it: a forwarded call dials no extension.
            problems.add(new FieldProblem("call_forwarding_number", "extension", "must be a number reached directly: a forwarded call "
                    + "cannot dial an extension (x" + fwdExtension + ")"));
        }
        if (fwdEnabled && fwd == null && problems.stream().noneMatch(p -> p.field().equals("call_forwarding_number"))) {
            problems.add(new FieldProblem("call_forwarding_number", "required", "is required when call forwarding is enabled"));
        }
        if (fwd != null && fwd.equals(did)) {
            // A call to the direct number would be forwarded to that number again, and again.
            problems.add(new FieldProblem("call_forwarding_number", "loop", "must not be the member's own direct number"));
        }
        // As every number the company dials (Company.dialRefusal): premium-rate (billed at the number owner's price), the
        // company's own number (it brings the call back to its own routing, which may ring this member again: rule
        // "loop" here, as ever), abroad while calls abroad are off (a member sets their own: the company would pay each
        // call forwarded there; one saved before is kept as it is). A colleague's direct line is allowed: the chain is
        // checked below.
        var refusal = fwd == null ? null : companies.current().dialRefusal(PhoneNumber.parse(fwd, region));
        boolean unchanged = fwd != null && existing != null && existing.callForwardingNumber() != null && fwd.equals(existing.callForwardingNumber().e164());
        if (refusal != null && !(refusal.rule().equals("international") && unchanged)) {
            problems.add(new FieldProblem("call_forwarding_number", refusal.rule().equals("own") ? "loop" : refusal.rule(), refusal.message()));
        }
        boolean dialled = fwdEnabled || Boolean.TRUE.equals(in.simultaneousRingEnabled());
        if (fwd != null && dialled && problems.stream().noneMatch(p -> p.field().equals("call_forwarding_number"))) {
            forwardingLoop(existing == null ? null : existing.id(), did, fwd)
                    .ifPresent(why -> problems.add(new FieldProblem("call_forwarding_number", "loop", why)));
        }
        int ring = in.ringTimeoutSeconds() == null ? 20 : in.ringTimeoutSeconds();
        if (ring < MIN_RING || ring > MAX_RING) {
            problems.add(new FieldProblem("ring_timeout_seconds", "range", "must be " + MIN_RING + " to " + MAX_RING + " seconds"));
        }
        var greeting = blankToNull(in.voicemailGreetingUrl());
        if (greeting != null && !isHttpUrl(greeting)) {
            problems.add(new FieldProblem("voicemail_greeting_url", "url", "must be a web address starting with https:// or http://"));
        }
        var sip = blankToNull(in.sipAddress());
        if (sip != null && !sip.matches("sips?:[^@\\s]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?(;[^\\s]*)?")) {
            problems.add(new FieldProblem("sip_address", "sip", "must be the address of a desk phone or softphone app, starting with sip: (such as sip:ann@example.sip.telnyx.com)"));
        }
        int maxCalls = in.maxConcurrentCalls() == null ? 1 : in.maxConcurrentCalls();
        if (maxCalls < 1 || maxCalls > 10) {
            problems.add(new FieldProblem("max_concurrent_calls", "range", "must be 1 to 10"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (ext != null) {
            var holder = jdbc.sql("select id, name from team_members where company_id = :c and phone_extension = :e")
                    .param("c", company).param("e", ext)
                    .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).optional();
            if (holder.isPresent() && (existing == null || !holder.get().getKey().equals(existing.id()))) {
                throw new ConflictException("phone_extension", "extension " + ext + " is already taken by " + holder.get().getValue());
            }
        }
        if (email != null) {
            // Two members with one address: a voicemail email or a login meant for one would reach the other, and who is
            // "ann@..." in a list is ambiguous. Compared as the unique index compares them (V1_50): in any case.
            var holder = jdbc.sql("select id, name from team_members where company_id = :c and lower(email) = lower(:e)")
                    .param("c", company).param("e", email)
                    .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).optional();
            if (holder.isPresent() && (existing == null || !holder.get().getKey().equals(existing.id()))) {
                throw new ConflictException("email", emailTaken(email, holder.get().getValue()));
            }
        }
        boolean mine = did != null && existing != null && existing.directInwardDial() != null
                && existing.directInwardDial().e164().equals(did);
        if (did != null && !mine) {
            // Under the number's lock, as a business number is added: one added at the same moment, in any company, is
            // seen here, or sees this member's.
            companies.lockNumbers(List.of(did));
            var owner = jdbc.sql("select phone_number_owner(:n)").param("n", did).query(UUID.class).optional();
            if (owner.isPresent()) {
                throw new ConflictException("direct_inward_dial", didTaken(did, owner.get(), company));
            }
        }
        return new Valid(name, email, role, ext, did, in.extensionEnabled() == null || in.extensionEnabled(),
                pin == null ? null : encoder.encode(pin), fwdEnabled, fwd, Boolean.TRUE.equals(in.simultaneousRingEnabled()),
                Boolean.TRUE.equals(in.confirmForwardedCalls()), ring, greeting, sip, maxCalls);
    }

    /**
     * Why a direct number cannot be this member's, as the extension's refusal names who has it: a colleague's direct
     * number by their name, or the company's business number (whose calls the rules route). A number of another company
     * is only "in use": whose it is is not this company's to know.
     */
    private String didTaken(String did, UUID owner, UUID company) {
        var shown = new dev.switchboard.shared.PhoneNumber(did).international();
        if (!owner.equals(company)) {
            return shown + " is already in use: it belongs to another account";
        }
        var colleague = jdbc.sql("select name from team_members where company_id = :c and direct_inward_dial = :n")
                .param("c", company).param("n", did).query(String.class).optional();
        return colleague.map(name -> shown + " is already the direct number of " + name)
                .orElse(shown + " is one of the company's business numbers (calls to it go by the routing rules)");
    }

    /** Why {@code email} cannot be this member's: {@code holder}, a colleague, has it. */
    private static String emailTaken(String email, String holder) {
        return email + " is already the email of " + holder;
    }

    private void write(String sql, Valid v, UUID company, UUID id, String pinHash, Timestamp now) {
        try {
            jdbc.sql(sql).params(Map.ofEntries(
                            Map.entry("c", company), Map.entry("id", id), Map.entry("now", now)))
                    .param("name", v.name()).param("email", v.email()).param("role", v.role()).param("ext", v.ext())
                    .param("did", v.did()).param("enabled", v.enabled()).param("pin", pinHash)
                    .param("fwdEnabled", v.fwdEnabled()).param("fwd", v.fwd()).param("simRing", v.simRing())
                    .param("confirm", v.confirm())
                    .param("ring", v.ring()).param("greeting", v.greeting()).param("sip", v.sip())
                    .param("maxCalls", v.maxCalls())
                    .update();
        } catch (DuplicateKeyException e) {
            // A concurrent change took it between the check and the write.
            var msg = String.valueOf(e.getMessage());
            if (msg.contains("team_members_extension_key")) {
                throw new ConflictException("phone_extension", "extension " + v.ext() + " is already taken");
            }
            if (msg.contains("team_members_email_key")) {
                throw new ConflictException("email", v.email() + " is already another team member's email");
            }
            throw new ConflictException("direct_inward_dial", v.did() + " is already in use");
        }
    }

    private TeamMember lockAndGet(UUID id) {
        jdbc.sql("select id from team_members where company_id = :c and id = :id for update")
                .param("c", TenantContext.require().value()).param("id", id).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("team member", id));
        return get(id);
    }

    private TeamMember lockAndGetForSelfOrAdmin(Actor actor, UUID id) {
        var member = lockAndGet(id);
        requireSelfOrAdmin(actor, id, "availability");
        return member;
    }

    /**
     * Refuses {@code actor} a change of {@code part} ("availability", "forwarding", "voicemail greeting") of member
     * {@code id} unless they configure the company or are that member; a login linked to no member is told that is why.
     */
    public static void requireSelfOrAdmin(Actor actor, UUID id, String part) {
        if (actor.canConfigure() || actor.isMember(id)) {
            return;
        }
        throw new ForbiddenException(actor.memberId() == null
                ? "your login is not linked to a team member, so there is no " + part + " of your own to change (an owner or"
                        + " admin links your login to one on Team & logins); you can change only your own " + part
                : "you can change only your own " + part);
    }

    private TeamMember saveAvailability(Actor actor, TeamMember before, Availability a, String what) {
        var v = a.vacation();
        jdbc.sql("""
                update team_availability set status = :status, status_reason = :reason,
                  vacation_start_date = :vs, vacation_end_date = :ve, vacation_message = :vm, auto_reply_enabled = :ar,
                  do_not_disturb_until = :dnd, updated_at = :now
                where company_id = :c and member_id = :id
                """)
                .param("status", a.status().name()).param("reason", a.statusReason())
                .param("vs", v == null ? null : Date.valueOf(v.startDate()))
                .param("ve", v == null ? null : Date.valueOf(v.endDate()))
                .param("vm", v == null ? null : v.message())
                .param("ar", v != null && v.autoReply())
                .param("dnd", a.doNotDisturbUntil() == null ? null : Timestamp.from(a.doNotDisturbUntil()))
                .param("now", Timestamp.from(clock.instant()))
                .param("c", TenantContext.require().value()).param("id", before.id())
                .update();
        var after = get(before.id());
        scheduleAvailabilityTimers(before.id(), a);
        audit.record(actor, "team_availability", before.id(), what, before.availability(), after.availability());
        return after;
    }

    /** The instants ahead at which {@code a} changes by itself, each a timer of {@link #TIMER_AVAILABILITY}. */
    private void scheduleAvailabilityTimers(UUID memberId, Availability a) {
        var now = clock.instant();
        var zone = companies.current().timezone();
        timers.cancelAll(TIMER_AVAILABILITY, memberId);
        var v = a.vacation();
        var changes = new java.util.LinkedHashMap<String, java.time.Instant>();
        changes.put("do-not-disturb-ends", a.doNotDisturbUntil());
        changes.put("vacation-starts", v == null ? null : v.startsAt(zone));
        changes.put("vacation-ends", v == null ? null : v.endsAt(zone));
        changes.forEach((name, at) -> {
            if (at != null && at.isAfter(now)) {
                timers.schedule(TIMER_AVAILABILITY, memberId, name, at, Map.of());
            }
        });
    }

    private static String phone(String text, String field, String region, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return PhoneNumber.parse(text, region).e164();
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "e164", e.getMessage()));
            return null;
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            var uri = new URI(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean pinChanged(MemberInput in) {
        return in.voicemailPin() != null || Boolean.TRUE.equals(in.clearVoicemailPin());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Availability availability(ResultSet rs) throws SQLException {
        var vs = rs.getDate("vacation_start_date");
        var ve = rs.getDate("vacation_end_date");
        var vacation = vs == null || ve == null ? null
                : new Vacation(vs.toLocalDate(), ve.toLocalDate(), rs.getString("vacation_message"), rs.getBoolean("auto_reply_enabled"));
        var ctd = rs.getDate("calls_today_date");
        return new Availability(MemberStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                MemberState.valueOf(rs.getString("state")), instant(rs.getTimestamp("state_changed_at")),
                rs.getInt("active_calls"), rs.getInt("calls_today"), ctd == null ? null : ctd.toLocalDate(),
                instant(rs.getTimestamp("last_call_ended_at")), vacation, instant(rs.getTimestamp("do_not_disturb_until")));
    }

    static TeamMember map(ResultSet rs, int n) throws SQLException {
        var availability = availability(rs);
        var ext = rs.getString("phone_extension");
        var did = rs.getString("direct_inward_dial");
        var fwd = rs.getString("call_forwarding_number");
        return new TeamMember(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"), rs.getString("role"),
                ext == null ? null : new Extension(ext), did == null ? null : new PhoneNumber(did),
                rs.getBoolean("extension_enabled"), rs.getBoolean("pin_set"), rs.getBoolean("call_forwarding_enabled"),
                fwd == null ? null : new PhoneNumber(fwd), rs.getBoolean("simultaneous_ring_enabled"),
                rs.getBoolean("confirm_forwarded_calls"),
                rs.getInt("ring_timeout_seconds"), rs.getString("voicemail_greeting_url"), rs.getString("sip_address"),
                rs.getInt("max_concurrent_calls"), availability, instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * Why a voicemail PIN is one anyone would try first, else null: one digit repeated (1111), a run up or down (1234,
     * 9876), or the member's own extension or the end of their direct number (what a caller trying someone's box knows).
     * A box behind such a PIN is as good as open (RingCentral and 3CX refuse them too).
     */
    static String guessable(String pin, String extension, String directNumber) {
        if (pin.chars().distinct().count() == 1) {
            return "the same digit repeated";
        }
        int step = pin.charAt(1) - pin.charAt(0);
        if (Math.abs(step) == 1 && java.util.stream.IntStream.range(1, pin.length()).allMatch(i -> pin.charAt(i) - pin.charAt(i - 1) == step)) {
            return "digits in a row";
        }
        // Written as a 4-digit PIN too (0103 for extension 103), or twice over (103103).
        if (extension != null && (pin.replaceFirst("^0+", "").equals(extension.replaceFirst("^0+", "")) || pin.equals(extension + extension))) {
            return "the member's extension";
        }
        if (directNumber != null && directNumber.endsWith(pin)) {
            return "the end of the member's direct number";
        }
        return null;
    }

}
