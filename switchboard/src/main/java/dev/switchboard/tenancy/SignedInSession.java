package dev.switchboard.tenancy;

import dev.switchboard.shared.CompanyId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * The browser session of the signed-in user, kept signed in across a change of their own password. A session remembers
 * a digest of the password it signed in with and ends on the next request once it differs (SecurityConfiguration's
 * session filter): that signs out the user's other browsers, as it should, but would sign out the one that made the
 * change too, in the middle of being told it worked.
 */
@Component
public class SignedInSession {

    private final PasswordAuthenticator users;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SignedInSession(PasswordAuthenticator users) {
        this.users = users;
    }

    /**
     * Signs this browser in as the given user, as the login form does: under a new session id (session fixation: whoever
     * had learned the old id does not inherit the signed-in session) and with a new CSRF token (the one of the page
     * before is not the signed-in session's). For a new company's owner just signed up, who need not log in again.
     */
    public void signIn(CompanyId company, UUID userId, HttpServletRequest request, HttpServletResponse response) {
        var user = users.load(company, userId);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities());
        new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()))).onAuthentication(auth, request, response);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
    }

    /**
     * Takes the signed-in user as they are now (their new password's digest) into this session, under a new session id
     * (whoever had learned the old id does not inherit the renewed session).
     */
    public void renew(HttpServletRequest request, HttpServletResponse response) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof AuthenticatedUser user)) {
            return;
        }
        users.current(CompanyId.of(user.companyId()), UUID.fromString(user.userId())).ifPresent(now -> {
            var fresh = SecurityContextHolder.createEmptyContext();
            fresh.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now, null, now.authorities()));
            SecurityContextHolder.setContext(fresh);
            if (request.getSession(false) != null) {
                request.changeSessionId();
            }
            sessions.saveContext(fresh, request, response);
        });
    }
}
