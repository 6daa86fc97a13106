package dev.switchboard.tenancy;

import dev.switchboard.shared.CompanyId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting: the signed-in user (web session or API token), or the system itself (timers,
 * demo seeding). Modules ask it for permission checks and the audit log records it.
 *
 * @param email    the user's login; for a {@link #member} without one, their name
 * @param memberId the team member this user is, if linked (an agent's own availability)
 */
public record Actor(CompanyId companyId, UUID userId, String email, Role role, UUID memberId) {

    public static Actor system(CompanyId companyId) {
        return new Actor(companyId, null, "system", Role.OWNER, null);
    }

    /**
     * A team member with no login acting for themselves (recording a greeting by phone after their PIN): no user, but
     * not the system either; the audit log names them.
     */
    public static Actor member(CompanyId companyId, UUID memberId, String name) {
        return new Actor(companyId, null, name, Role.AGENT, memberId);
    }

    /** The actor of the current request, if a user is signed in. */
    public static Optional<Actor> current() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AuthenticatedUser user) {
            return Optional.of(user.actor());
        }
        return Optional.empty();
    }

    public boolean canConfigure() {
        return role.canConfigure();
    }

    /** True when this actor is the given team member (an agent acting on their own availability). */
    public boolean isMember(UUID member) {
        return memberId != null && memberId.equals(member);
    }

    public String label() {
        return userId == null && memberId == null ? "system" : email;
    }
}
