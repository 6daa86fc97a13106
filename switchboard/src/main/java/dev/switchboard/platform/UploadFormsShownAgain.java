package dev.switchboard.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * An upload form shown again with its errors is shown at the form's own address, without the CSRF token. An upload
 * sends its token in the address it is posted to ({@code ?_csrf=...}, as its body is not read before the check): shown
 * there, the page left the token in the address bar, the history, a bookmark or a link copied from it.
 *
 * <p>Redirect-after-post: a page upload answered 422 (the handler's "shown again with errors") is kept, as rendered, in
 * the session for the next request, and the browser is sent on (303) to the same address without the token; that GET,
 * checked by security as any other, gets the page once (still 422) if it comes within a minute (other requests of the
 * session in between, a live view's, leave it waiting). Reloading it then shows the form afresh, as after
 * any redirect-after-post. Nothing else changes: a save redirects as before, a refusal before the handler (400, 403,
 * 413) is answered where it was, htmx requests and the API are left alone. The token is still checked as before; only
 * where the answer is shown moves.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 2)
class UploadFormsShownAgain extends OncePerRequestFilter {

    private static final String PENDING = UploadFormsShownAgain.class.getName() + ".PAGE";
    private static final String TOKEN = "_csrf";

    /** How long a page shown again waits for its GET (the browser follows the redirect at once). */
    static final Duration WAIT = Duration.ofMinutes(1);

    /** A page shown again, waiting for the GET of {@code address} until {@code until}. */
    private record Pending(String address, String contentType, byte[] body, Instant until) implements Serializable {
    }

    private final Clock clock;

    UploadFormsShownAgain(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || "true".equalsIgnoreCase(request.getHeader("HX-Request"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod())) {
            var session = request.getSession(false);
            if (session != null && session.getAttribute(PENDING) instanceof Pending page
                    && page.address().equals(address(request.getRequestURI(), request.getQueryString()))) {
                session.removeAttribute(PENDING); // once: a reload, or a later visit, shows the form afresh
                if (clock.instant().isBefore(page.until())) {
                    response.setStatus(422);
                    response.setContentType(page.contentType());
                    response.setHeader("Cache-Control", "no-store");
                    response.setContentLength(page.body().length);
                    response.getOutputStream().write(page.body());
                    return;
                }
            }
            chain.doFilter(request, response);
            return;
        }
        var withoutToken = "POST".equals(request.getMethod()) && RequestParameterFilter.isMultipart(request)
                ? withoutToken(request.getQueryString()) : null;
        if (withoutToken == null) {
            chain.doFilter(request, response);
            return;
        }
        var held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        var type = held.getContentType();
        if (held.getStatus() == 422 && type != null && type.startsWith("text/html") && !response.isCommitted()) {
            var target = address(request.getRequestURI(), withoutToken.isEmpty() ? null : withoutToken);
            request.getSession().setAttribute(PENDING, new Pending(target, type, held.getContentAsByteArray(), clock.instant().plus(WAIT)));
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", target);
            response.setContentLength(0);
            return;
        }
        held.copyBodyToResponse();
    }

    private static String address(String path, String query) {
        return query == null ? path : path + "?" + query;
    }

    /** The query string without its CSRF token (empty when that was all of it); null when it has no token. */
    static String withoutToken(String query) {
        if (query == null) {
            return null;
        }
        var kept = new ArrayList<String>();
        boolean token = false;
        for (var pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                name = pair;
            }
            if (Objects.equals(name, TOKEN)) {
                token = true;
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return token ? String.join("&", kept) : null;
    }
}
