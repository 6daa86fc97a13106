package dev.switchboard.tenancy;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The principal of a signed-in session or a bearer token. Kept in the session, so serializable; a session's is
 * read again on each request (see {@link SecurityConfiguration}), and {@code credentials} (a digest of the
 * password's hash, never the hash) tells whether the password changed since it signed in.
 */
public record AuthenticatedUser(String companyId, String userId, String email, String role, String memberId,
        String credentials) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    Actor actor() {
        return new Actor(dev.switchboard.shared.CompanyId.of(companyId), java.util.UUID.fromString(userId), email,
                Role.valueOf(role), memberId == null ? null : java.util.UUID.fromString(memberId));
    }

    Collection<? extends GrantedAuthority> authorities() {
        return List.of(new SimpleGrantedAuthority(Role.valueOf(role).authority()));
    }

    @Override
    public String toString() {
        return email;
    }
}
