package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The files a page loads (its stylesheets, scripts and icon) and the sounds the carrier plays (ringback, hold music):
 * open to anyone and served without the web session. The session is kept in PostgreSQL (Spring Session JDBC), and
 * reading it for a file (to find who is signed in, or a message left for the next page) read its row and wrote its
 * last access back, four or five times a page, where the page itself needs it once.
 */
public final class StaticFiles {

    /** The paths, as Spring Security's and Spring MVC's path patterns. */
    public static final String[] PATTERNS = {"/css/**", "/js/**", "/webjars/**", "/audio/**", "/favicon*"};

    private StaticFiles() {
    }

    /** Whether a request is for one of these files. */
    public static boolean is(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/") || path.startsWith("/audio/")
                || (path.startsWith("/favicon") && path.indexOf('/', 1) < 0);
    }
}
