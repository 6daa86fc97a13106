package dev.switchboard.tenancy;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks an email and password, for the login page and for {@code POST /api/v1/auth/token}, with the
 * login throttle in front. An unknown email costs as much time as a wrong password.
 */
@Component
class PasswordAuthenticator implements AuthenticationProvider {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final String dummyHash;

    PasswordAuthenticator(JdbcClient jdbc, PasswordEncoder encoder, LoginThrottle throttle, Clock clock,
            TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.encoder = encoder;
        this.throttle = throttle;
        this.clock = clock;
        this.dummyHash = encoder.encode("not-a-real-password-" + UUID.randomUUID());
    }

    private record Candidate(UUID companyId, UUID userId, String hash, String role, boolean enabled) {
    }

    /** The signed-in user, or an exception saying why not (bad credentials, or locked out until when). */
    AuthenticatedUser authenticate(String email, String password, String address) {
        var account = email == null ? "" : email.strip();
        // Counted as a failure from here until it succeeds (see LoginThrottle.attempt).
        var locked = throttle.attempt(account, address);
        if (locked.isPresent()) {
            long minutes = Math.max(1, Duration.between(clock.instant(), locked.get()).toMinutes() + 1);
            throw new LockedException("too many failed logins; try again in " + minutes + " minute" + (minutes == 1 ? "" : "s"));
        }
        var candidate = jdbc.sql("select * from auth_find_user(:email)").param("email", account)
                .query((rs, n) -> new Candidate(rs.getObject("company_id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("password_hash"), rs.getString("role"), rs.getBoolean("enabled")))
                .optional();
        // A password longer than any that can be set (bcrypt refuses it) is wrong, checked as long as any other.
        var given = password == null ? "" : password;
        boolean possible = Users.withinBcrypt(given);
        boolean matches = encoder.matches(possible ? given : "", candidate.map(Candidate::hash).orElse(dummyHash)) && possible;
        if (candidate.isEmpty() || !matches || !candidate.get().enabled()) {
            throw new BadCredentialsException("wrong email or password");
        }
        throttle.recordSuccess(account);
        var c = candidate.get();
        return load(new CompanyId(c.companyId()), c.userId());
    }

    /** The principal for a user, read inside their company. */
    AuthenticatedUser load(CompanyId company, UUID userId) {
        return current(company, userId).orElseThrow(() -> new BadCredentialsException("no such user"));
    }

    /** The principal for a user as they are now, read inside their company; empty if removed or disabled. */
    java.util.Optional<AuthenticatedUser> current(CompanyId company, UUID userId) {
        return TenantContext.callAs(company, () -> tx.execute(status -> jdbc.sql("""
                        select email, role, member_id,
                          encode(sha256(convert_to(password_hash || ':' || sign_outs, 'UTF8')), 'hex') as credentials
                        from users where company_id = :c and id = :id and enabled
                        """)
                .param("c", company.value()).param("id", userId)
                .query((rs, n) -> new AuthenticatedUser(company.toString(), userId.toString(), rs.getString("email"),
                        rs.getString("role"), rs.getString("member_id"), rs.getString("credentials")))
                .optional()));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        var user = authenticate(authentication.getName(), String.valueOf(authentication.getCredentials()), address);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
