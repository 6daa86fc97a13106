package dev.switchboard.tenancy;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The users of the current company: invite, change role, link to a team member, disable, remove. */
@Service
public class Users {

    static final int MIN_PASSWORD = 8;
    static final int MAX_DISPLAY_NAME = 200;
    static final int MAX_PASSWORD_BYTES = 72;

    private static final RowMapper<User> ROW = (rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("email"),
            rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getObject("member_id", UUID.class),
            rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    Users(JdbcClient jdbc, PasswordEncoder encoder, AuditLog audit, Clock clock, LoginThrottle throttle,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.throttle = throttle;
        this.tx = tx;
    }

    /** A new user or the changed fields of one (null leaves a field as it is on update). */
    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "created_at"})
    public record UserInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String password, String displayName,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Role.class) String role, UUID memberId,
            Boolean enabled) {
    }

    @Transactional(readOnly = true)
    public List<User> list() {
        return jdbc.sql("select * from users where company_id = :c order by lower(email)")
                .param("c", TenantContext.require().value()).query(ROW).list();
    }

    @Transactional(readOnly = true)
    public User get(UUID id) {
        return jdbc.sql("select * from users where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(ROW).optional().orElseThrow(() -> new NotFoundException("user", id));
    }

    /** The login with this id in the current company, if there is one (a login removed meanwhile is not). */
    @Transactional(readOnly = true)
    public java.util.Optional<User> find(UUID id) {
        return jdbc.sql("select * from users where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).query(ROW).optional();
    }

    @Transactional
    public User create(Actor actor, UserInput input) {
        Companies.requireConfigure(actor);
        var problems = new ArrayList<FieldProblem>();
        var email = checkEmail(input.email(), problems);
        checkPassword(input.password(), problems);
        var role = checkRole(input.role(), actor, problems);
        var displayName = checkDisplayName(input.displayName(), problems);
        checkMemberFree(input.memberId(), null, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var id = UUID.randomUUID();
        insert(TenantContext.require().value(), id, email, input.password(), role,
                displayName != null ? displayName : memberName(input.memberId()).orElseGet(() -> defaultName(email)), input.memberId(),
                input.enabled() == null || input.enabled());
        var created = get(id);
        audit.record(actor, "user", id, "create", null, created);
        return created;
    }

    @Transactional
    public User update(Actor actor, UUID id, UserInput input) {
        return update(actor, id, input, input.memberId() != null);
    }

    /**
     * Changes a login's name, role and team member as the web page's form has them: a member left empty unlinks it (in
     * {@link #update(Actor, UUID, UserInput)} an absent member leaves the link as it is, as the API's fields do).
     */
    @Transactional
    public User changeLogin(Actor actor, UUID id, String displayName, String role, UUID memberId) {
        return changeLogin(actor, id, displayName, role, memberId, null);
    }

    /**
     * As {@link #changeLogin(Actor, UUID, String, String, UUID)}, and whether the login may sign in ({@code enabled}; null
     * keeps it): disabled, it is signed out and its API tokens revoked, as the API's {@code "enabled": false} does.
     */
    @Transactional
    public User changeLogin(Actor actor, UUID id, String displayName, String role, UUID memberId, Boolean enabled) {
        return update(actor, id, new UserInput(null, null, displayName == null ? "" : displayName, role, memberId, enabled), true);
    }

    private User update(Actor actor, UUID id, UserInput input, boolean memberGiven) {
        Companies.requireConfigure(actor);
        lockOwners();
        var before = get(id);
        var problems = new ArrayList<FieldProblem>();
        var email = input.email() == null ? before.email() : checkEmail(input.email(), problems);
        var role = input.role() == null ? before.role() : checkRole(input.role(), actor, problems);
        if (input.password() != null) {
            checkPassword(input.password(), problems);
        }
        var displayName = input.displayName() == null ? before.displayName() : checkDisplayName(input.displayName(), problems);
        var member = memberGiven ? input.memberId() : before.memberId();
        checkMemberFree(member, id, problems);
        boolean lastOwner = before.role() == Role.OWNER && before.enabled() && ownerCount() == 1;
        if (lastOwner && role != Role.OWNER) {
            problems.add(new FieldProblem("role", "last-owner", "the company's only owner cannot be demoted"));
        }
        if (lastOwner && Boolean.FALSE.equals(input.enabled())) {
            // Disabled, they could no longer sign in, and nobody would be left to configure the company.
            problems.add(new FieldProblem("enabled", "last-owner", "the company's only owner cannot be disabled"));
        } else if (before.enabled() && Boolean.FALSE.equals(input.enabled()) && id.equals(actor.userId())) {
            // As removing one's own login (delete): signed out at once by their own hand, tokens revoked, with nobody to
            // ask why. Another owner or admin disables a login, seeing whose.
            problems.add(new FieldProblem("enabled", "self", "you cannot disable your own login: another owner or admin can"));
        }
        if (before.role() == Role.OWNER && actor.role() != Role.OWNER) {
            throw new ForbiddenException("only an owner can change an owner");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        try {
            jdbc.sql("""
                    update users set email = :email, role = :role, display_name = :name, member_id = :member,
                      enabled = :enabled, updated_at = :now where company_id = :c and id = :id
                    """)
                    .param("email", email).param("role", role.name())
                    .param("name", displayName)
                    .param("member", member)
                    .param("enabled", input.enabled() == null ? before.enabled() : input.enabled())
                    .param("now", Timestamp.from(clock.instant()))
                    .param("c", TenantContext.require().value()).param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw duplicate(e);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw unknownMember(member);
        }
        if (input.password() != null) {
            jdbc.sql("update users set password_hash = :h where company_id = :c and id = :id")
                    .param("h", encoder.encode(input.password()))
                    .param("c", TenantContext.require().value()).param("id", id).update();
            // A new password is how a compromised account is taken back: the tokens issued before it stop working
            // (and the user's browser sessions end, see SecurityConfiguration).
            revokeTokens(id);
        }
        boolean disabled = before.enabled() && Boolean.FALSE.equals(input.enabled());
        if (disabled) {
            // For good: enabled again, the user signs in afresh. The tokens are revoked (their check of "enabled" alone
            // let them work again), and the sessions' credentials change (a session not used while the user was
            // disabled was never ended, and came back with them).
            revokeTokens(id);
            jdbc.sql("update users set sign_outs = sign_outs + 1 where company_id = :c and id = :id")
                    .param("c", TenantContext.require().value()).param("id", id).update();
        }
        var after = get(id);
        // The hash is never in the entry, so the action says a password was set (else the entry shows no change).
        var said = new ArrayList<String>();
        if (input.password() != null) {
            said.add("password changed");
        }
        if (disabled) {
            said.add("disabled, API tokens revoked, signed out");
        }
        audit.record(actor, "user", id, said.isEmpty() ? "update" : "update (" + String.join("; ", said) + ")", before, after);
        return after;
    }

    /**
     * The signed-in user's own new password, given with their current one ({@code confirm} is the new one typed again):
     * anyone may change their own, an agent too (an admin's reset, {@link #update}, needs no current password but an
     * admin). Refused, naming each field, when the current password is wrong, the new one is too short or too long, or
     * the two new ones differ; nothing is changed then. A wrong current password counts as a failed login of the account
     * (the same throttle, so a session left open in a browser is no way round it to guess the password) and stays counted
     * when the change is refused, which is why this method is not one transaction. The user's other browser sessions are
     * signed out by the new hash (see SecurityConfiguration); their API tokens keep working (the API tokens tab revokes
     * them), unlike an admin's reset, which is for an account someone else may have taken.
     */
    public User changeOwnPassword(Actor actor, String current, String password, String confirm, String address) {
        if (actor.userId() == null) {
            throw new ForbiddenException("only a signed-in user has a password to change");
        }
        var problems = new ArrayList<FieldProblem>();
        var locked = throttle.attempt(actor.email(), address);
        if (locked.isPresent()) {
            long minutes = Math.max(1, java.time.Duration.between(clock.instant(), locked.get()).toMinutes() + 1);
            problems.add(new FieldProblem("current_password", "locked", "too many wrong passwords; try again in " + minutes
                    + " minute" + (minutes == 1 ? "" : "s")));
        } else {
            var given = current == null ? "" : current;
            var hash = tx.execute(s -> jdbc.sql("select password_hash from users where company_id = :c and id = :id")
                    .param("c", TenantContext.require().value()).param("id", actor.userId()).query(String.class).optional())
                    .orElseThrow(() -> new NotFoundException("user", actor.userId()));
            if (withinBcrypt(given) && encoder.matches(given, hash)) {
                throttle.recordSuccess(actor.email());
            } else {
                problems.add(new FieldProblem("current_password", "password", given.isEmpty()
                        ? "type your current password: it shows that it is you changing it"
                        : "is not your current password"));
            }
        }
        checkPassword(password, problems);
        if (password != null && !password.equals(confirm)) {
            problems.add(new FieldProblem("confirm_password", "match", "does not match the new password: type it again"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return tx.execute(s -> {
            var before = get(actor.userId());
            jdbc.sql("update users set password_hash = :h, updated_at = :now where company_id = :c and id = :id")
                    .param("h", encoder.encode(password)).param("now", Timestamp.from(clock.instant()))
                    .param("c", TenantContext.require().value()).param("id", actor.userId()).update();
            var after = get(actor.userId());
            audit.record(actor, "user", actor.userId(), "update (own password changed)", before, after);
            return after;
        });
    }

    private void revokeTokens(UUID user) {
        jdbc.sql("update api_tokens set revoked_at = :now where company_id = :c and user_id = :id and revoked_at is null")
                .param("now", Timestamp.from(clock.instant()))
                .param("c", TenantContext.require().value()).param("id", user).update();
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigure(actor);
        lockOwners();
        var before = get(id);
        // Only an enabled owner counts (a disabled one cannot sign in): removing a disabled owner leaves the others.
        if (before.role() == Role.OWNER && before.enabled() && ownerCount() == 1) {
            throw new InvalidInputException("id", "last-owner", "the company's only owner cannot be removed");
        }
        if (before.role() == Role.OWNER && actor.role() != Role.OWNER) {
            throw new ForbiddenException("only an owner can remove an owner");
        }
        if (id.equals(actor.userId())) {
            // Signed out by their own hand, with nobody to ask why: another owner or admin removes a login, seeing whose.
            throw new InvalidInputException("id", "self", "you cannot remove your own login: another owner or admin can");
        }
        jdbc.sql("delete from users where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
        audit.record(actor, "user", id, "delete", before, null);
    }

    /**
     * Who a team member acting for themselves without signing in (by phone, after their PIN) is: their login, when they
     * have one, so the audit log files it under that user; otherwise the member by name ({@link Actor#member}), never
     * "the system".
     */
    @Transactional(readOnly = true)
    public Actor actorOf(UUID memberId, String memberName) {
        var company = TenantContext.require();
        return jdbc.sql("select * from users where company_id = :c and member_id = :m order by created_at, id limit 1")
                .param("c", company.value()).param("m", memberId).query(ROW).optional()
                .map(u -> new Actor(company, u.id(), u.email(), u.role(), memberId))
                .orElseGet(() -> Actor.member(company, memberId, memberName));
    }

    /**
     * Unlinks the logins of a team member that is being removed, each kept (its calls, voicemail and audit entries stay)
     * with an audit entry by {@code actor}; returns the emails of those unlinked.
     */
    @Transactional
    public List<String> unlinkMember(Actor actor, UUID memberId) {
        var linked = jdbc.sql("select * from users where company_id = :c and member_id = :m order by created_at, id")
                .param("c", TenantContext.require().value()).param("m", memberId).query(ROW).list();
        jdbc.sql("update users set member_id = null where company_id = :c and member_id = :m")
                .param("c", TenantContext.require().value()).param("m", memberId).update();
        for (var before : linked) {
            audit.record(actor, "user", before.id(), "update", before, get(before.id()));
        }
        return linked.stream().map(User::email).toList();
    }

    void insert(UUID company, UUID id, String email, String password, Role role, String displayName, UUID memberId,
            boolean enabled) {
        try {
            var now = Timestamp.from(clock.instant());
            jdbc.sql("""
                    insert into users (company_id, id, email, password_hash, role, display_name, member_id, enabled, created_at, updated_at)
                    values (:c, :id, :email, :hash, :role, :name, :member, :enabled, :now, :now)
                    """)
                    .param("c", company).param("id", id).param("email", email)
                    .param("hash", encoder.encode(password)).param("role", role.name())
                    .param("name", displayName).param("member", memberId).param("enabled", enabled).param("now", now)
                    .update();
        } catch (DuplicateKeyException e) {
            throw duplicate(e);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw unknownMember(memberId);
        }
    }

    /**
     * A team member is one person, with one login: a second login linked to them would act as them (their status,
     * their calls) without being them. {@code self} is the login being changed (null for a new one).
     */
    private void checkMemberFree(UUID member, UUID self, List<FieldProblem> problems) {
        if (member == null) {
            return;
        }
        jdbc.sql("select email from users where company_id = :c and member_id = :m and (cast(:self as uuid) is null or id <> :self)")
                .param("c", TenantContext.require().value()).param("m", member).param("self", self)
                .query(String.class).optional()
                .ifPresent(email -> problems.add(new FieldProblem("member_id", "linked",
                        "this team member already has a login (" + email + "); unlink it there first")));
    }

    /** The unique index (migration V1_48) that holds {@link #checkMemberFree} when two requests pass it at once. */
    static final String ONE_LOGIN_PER_MEMBER = "users_member_key";

    /**
     * What a duplicate key refused: a member linked to a second login (another request linked them after the check,
     * refused as the check refuses it: the transaction is over, so without the other login's email), else a taken email.
     */
    private static RuntimeException duplicate(DuplicateKeyException e) {
        if (e.getMessage() != null && e.getMessage().contains(ONE_LOGIN_PER_MEMBER)) {
            return new InvalidInputException("member_id", "linked", "this team member already has a login; unlink it there first");
        }
        return new ConflictException("email", "a user with this email already exists");
    }

    private static InvalidInputException unknownMember(UUID memberId) {
        return new InvalidInputException("member_id", "exists", "no team member " + memberId + " in this company");
    }

    /**
     * Changes that may take away an owner wait for each other: two owners demoting (or disabling, or removing) each other
     * at the same moment each saw the other still owner, and the company was left with none.
     */
    private void lockOwners() {
        jdbc.sql("select id from users where company_id = :c and role = 'OWNER' for update")
                .param("c", TenantContext.require().value()).query(UUID.class).list();
    }

    private int ownerCount() {
        return jdbc.sql("select count(*) from users where company_id = :c and role = 'OWNER' and enabled")
                .param("c", TenantContext.require().value()).query(Integer.class).single();
    }

    static String checkEmail(String email, List<FieldProblem> problems) {
        if (!dev.switchboard.shared.EmailAddress.isValid(email)) {
            problems.add(new FieldProblem("email", "email", "must be an email address such as name@example.com"));
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A login's name as people read it: 1 to {@value #MAX_DISPLAY_NAME} characters on one line, not blank; refused
     * naming the field otherwise. Null means "not given" (a new login then takes {@link #defaultName}).
     */
    static String checkDisplayName(String name, List<FieldProblem> problems) {
        return checkDisplayName("display_name", name, problems);
    }

    static String checkDisplayName(String field, String name, List<FieldProblem> problems) {
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            problems.add(new FieldProblem(field, "required", "must not be blank: the name people see for this login"));
            return null;
        }
        int control = dev.switchboard.shared.ControlCharacters.first(name, false);
        if (control >= 0) {
            problems.add(new FieldProblem(field, "characters", dev.switchboard.shared.ControlCharacters.message(control)));
            return null;
        }
        if (name.strip().length() > MAX_DISPLAY_NAME) {
            problems.add(new FieldProblem(field, "length", "must be at most " + MAX_DISPLAY_NAME + " characters"));
            return null;
        }
        return name.strip();
    }

    /** The name of a login created without one and without a team member: its email's local part, as the migration gave the old ones. */
    static String defaultName(String email) {
        var local = email.substring(0, Math.max(0, email.indexOf('@')));
        local = local.isBlank() ? email : local;
        return local.length() > MAX_DISPLAY_NAME ? local.substring(0, MAX_DISPLAY_NAME) : local;
    }

    /**
     * The name of the team member a new login without one is linked to (as the migration named the old ones). Read from
     * the table, not through the directory module, which depends on this one.
     */
    private java.util.Optional<String> memberName(UUID member) {
        if (member == null) {
            return java.util.Optional.empty();
        }
        return jdbc.sql("select name from team_members where company_id = :c and id = :m")
                .param("c", TenantContext.require().value()).param("m", member).query(String.class).optional()
                .filter(n -> !n.isBlank()).map(n -> n.length() > MAX_DISPLAY_NAME ? n.substring(0, MAX_DISPLAY_NAME) : n);
    }

    /** Every login's name by its id, for pages naming who did something (a deleted login is not in it). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> names() {
        return jdbc.sql("select id, display_name from users where company_id = :c").param("c", TenantContext.require().value())
                .query((rs, n) -> java.util.Map.entry(rs.getObject("id", UUID.class), rs.getString("display_name"))).list()
                .stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
    }

    static void checkPassword(String password, List<FieldProblem> problems) {
        if (password == null || password.length() < MIN_PASSWORD || !withinBcrypt(password)) {
            problems.add(new FieldProblem("password", "length", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD_BYTES
                    + " characters (an accented letter or a symbol counts as two or more)"));
        }
    }

    /** Whether bcrypt can hash all of it: it refuses more than 72 bytes (it would otherwise ignore the rest). */
    static boolean withinBcrypt(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    private static Role checkRole(String role, Actor actor, List<FieldProblem> problems) {
        try {
            var r = Role.valueOf(role == null ? "" : role.toUpperCase(Locale.ROOT));
            if (r == Role.OWNER && actor.role() != Role.OWNER) {
                problems.add(new FieldProblem("role", "role", "only an owner can make another owner"));
            }
            return r;
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("role", "enum", "must be one of OWNER, ADMIN, SUPERVISOR, AGENT"));
            return Role.AGENT;
        }
    }
}
