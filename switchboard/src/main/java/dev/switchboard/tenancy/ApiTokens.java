package dev.switchboard.tenancy;

import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bearer tokens for {@code /api/v1}. A token is 256 random bits, shown once when issued; only its
 * SHA-256 is stored (a fast hash is right for a secret this long: there is nothing to guess).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "sbk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final PasswordAuthenticator authenticator;
    private final AuditLog audit;

    ApiTokens(JdbcClient jdbc, Clock clock, TransactionTemplate tx, PasswordAuthenticator authenticator, AuditLog audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.authenticator = authenticator;
        this.audit = audit;
    }

    /** A token as listed: never the secret itself, only its first characters to recognise it by. */
    public record Token(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** A newly issued token: the only time the secret is shown. */
    public record Issued(UUID id, String name, String token, Instant createdAt) {
    }

    /**
     * Checks the password (throttled like the login page) and issues a token for that user. A request without an email or
     * a password is refused as such (422 naming each), before any login is tried: it is a client's mistake, not a wrong
     * password, and is not counted as a failed login.
     */
    public Issued issue(String email, String password, String name, String address) {
        var missing = new java.util.ArrayList<FieldProblem>();
        if (email == null || email.isBlank()) {
            missing.add(new FieldProblem("email", "required", "must not be blank: the login's email"));
        }
        if (password == null || password.isEmpty()) {
            missing.add(new FieldProblem("password", "required", "must not be empty: the login's password"));
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing);
        }
        var user = authenticator.authenticate(email, password, address);
        var label = label(name);
        var company = CompanyId.of(user.companyId());
        return TenantContext.callAs(company, () -> tx.execute(s -> insert(user.actor(), label)));
    }

    /**
     * Issues a token for the signed-in user of a web session (the "API tokens" page): the session already proved who
     * they are, as the password does for {@link #issue}.
     */
    @Transactional
    public Issued issue(Actor actor, String name) {
        return insert(actor, label(name));
    }

    private static String label(String name) {
        var label = name == null || name.isBlank() ? "API token" : name.strip();
        if (label.length() > 100) {
            throw new InvalidInputException("name", "length", "must be at most 100 characters");
        }
        return label;
    }

    private Issued insert(Actor actor, String label) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var id = UUID.randomUUID();
        var now = clock.instant();
        jdbc.sql("""
                insert into api_tokens (company_id, id, user_id, name, token_hash, token_prefix, created_at)
                values (:c, :id, :u, :name, :hash, :prefix, :now)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("u", actor.userId())
                .param("name", label).param("hash", hash(secret)).param("prefix", secret.substring(0, 10))
                .param("now", Timestamp.from(now)).update();
        // Who was given access, and which token it is (its name and first characters, never the secret).
        audit.record(actor, "api_token", id, "create", null, Map.of("name", label, "prefix", secret.substring(0, 10)));
        return new Issued(id, label, secret, now);
    }

    @Transactional(readOnly = true)
    public List<Token> list(Actor actor) {
        return jdbc.sql("select * from api_tokens where company_id = :c and user_id = :u order by created_at desc")
                .param("c", TenantContext.require().value()).param("u", actor.userId())
                .query((rs, n) -> new Token(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("token_prefix"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .list();
    }

    /**
     * Revokes one of the actor's own tokens; another user's token is "not found". Revoking one already revoked changes
     * nothing and records nothing (a client retrying a DELETE whose answer it lost gets the same answer, and the audit
     * log says once when the token stopped working).
     */
    @Transactional
    public void revoke(Actor actor, UUID id) {
        var revokedAt = jdbc.sql("select revoked_at from api_tokens where company_id = :c and id = :id and user_id = :u for update")
                .param("c", TenantContext.require().value()).param("id", id).param("u", actor.userId())
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp("revoked_at")))
                .optional().orElseThrow(() -> new NotFoundException("token", id));
        if (revokedAt.isPresent()) {
            return;
        }
        jdbc.sql("update api_tokens set revoked_at = :now where company_id = :c and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("c", TenantContext.require().value()).param("id", id)
                .update();
        audit.record(actor, "api_token", id, "revoke", null, null);
    }

    /** The user a presented token belongs to, if it is valid and not revoked. */
    Optional<AuthenticatedUser> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        record Found(UUID company, UUID token, UUID user) {
        }
        var found = jdbc.sql("select * from auth_find_token(:h)").param("h", hash(secret))
                .query((rs, n) -> new Found(rs.getObject("company_id", UUID.class), rs.getObject("token_id", UUID.class),
                        rs.getObject("user_id", UUID.class)))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var f = found.get();
        var company = new CompanyId(f.company());
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                        update api_tokens set last_used_at = :now where company_id = :c and id = :id
                          and (last_used_at is null or last_used_at < :stale)
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("stale", Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))))
                .param("c", f.company()).param("id", f.token()).update()));
        return authenticator.current(company, f.user());
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
