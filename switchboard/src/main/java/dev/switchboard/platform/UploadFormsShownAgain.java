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
 * there, the page left the token in the address bar, the history, a bookmark or a link copied from it (and in the
 * Referer of whatever the page then loads).
 *
 * <p>Redirect-after-post: a page upload answered with a refusal, by its handler (422, "shown again with errors") or
 * before it (400 an upload that cannot be read, 403 a missing or stale token or a role not allowed, 413 too large), is
 * kept, as rendered, in the session for the next request (a refusal sent as an error, to be rendered by the error page,
 * is kept as its status, and rendered then), and the browser is sent on (303) to the same address without the token.
 * That GET, checked by security as any other, gets the page once (with the refusal's status) if it comes within a
 * minute (other requests of the session in between, a live view's, leave it waiting). Reloading it then shows the form
 * afresh, as after any redirect-after-post. Nothing else changes: a save redirects as before, htmx requests and the API
 * are left alone. The token is still checked as before; only where the answer is shown moves.
 *
 * <p>Two filters: {@link Posted} sees the upload's answer from before security (so the CSRF check's refusal too), this
 * one shows it after security, to the session's signed-in user only.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 2)
class UploadFormsShownAgain extends OncePerRequestFilter {

    private static final String PENDING = UploadFormsShownAgain.class.getName() + ".PAGE";
    private static final String TOKEN = "_csrf";

    /** The refusals of an upload shown again at the form's address; any other answer is left where it was. */
    private static final java.util.Set<Integer> REFUSALS = java.util.Set.of(400, 403, 413, 422);

    /** How long a page shown again waits for its GET (the browser follows the redirect at once). */
    static final Duration WAIT = Duration.ofMinutes(1);

    /**
     * A refusal shown again, waiting for the GET of {@code address} until {@code until}: its page as rendered, or (body
     * null) its status for the error page to render, {@code csrf} saying it was the token's.
     */
    private record Pending(String address, int status, String contentType, byte[] body, boolean csrf, Instant until)
            implements Serializable {
    }

    private final Clock clock;

    UploadFormsShownAgain(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return skipped(request) || !"GET".equals(request.getMethod());
    }

    /** The API, htmx's fragments and static files: no form's page is shown again there (nor the session read for it). */
    private static boolean skipped(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || "true".equalsIgnoreCase(request.getHeader("HX-Request")) || StaticFiles.is(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var session = request.getSession(false);
        if (session != null && session.getAttribute(PENDING) instanceof Pending page
                && page.address().equals(address(request.getRequestURI(), request.getQueryString()))) {
            session.removeAttribute(PENDING); // once: a reload, or a later visit, shows the form afresh
            if (clock.instant().isBefore(page.until())) {
                response.setHeader("Cache-Control", "no-store");
                if (page.body() == null) {
                    if (page.csrf()) {
                        request.setAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403,
                                new org.springframework.security.web.csrf.CsrfException("the form's security token is missing or out of date"));
                    }
                    response.sendError(page.status());
                    return;
                }
                response.setStatus(page.status());
                response.setContentType(page.contentType());
                response.setContentLength(page.body().length);
                response.getOutputStream().write(page.body());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The upload's side: its answer is held back and, when a refusal, kept for {@link UploadFormsShownAgain} while the
     * browser is sent to the address without the token. Before security, so the CSRF check's refusal is seen too.
     */
    @Component
    @Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1)
    static class Posted extends OncePerRequestFilter {

        private final Clock clock;

        Posted(Clock clock) {
            this.clock = clock;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return skipped(request) || !"POST".equals(request.getMethod()) || !RequestParameterFilter.isMultipart(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var withoutToken = withoutToken(request.getQueryString());
            if (withoutToken == null) {
                chain.doFilter(request, response);
                return;
            }
            var held = new Held(response);
            chain.doFilter(request, held);
            var target = address(request.getRequestURI(), withoutToken.isEmpty() ? null : withoutToken);
            var until = clock.instant().plus(WAIT);
            Pending page = null;
            if (held.error != null && REFUSALS.contains(held.error)) {
                page = new Pending(target, held.error, null, null,
                        request.getAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403)
                                instanceof org.springframework.security.web.csrf.CsrfException, until);
            } else if (held.error == null && REFUSALS.contains(held.getStatus()) && held.getContentType() != null
                    && held.getContentType().startsWith("text/html") && !response.isCommitted()) {
                page = new Pending(target, held.getStatus(), held.getContentType(), held.getContentAsByteArray(), false, until);
            }
            if (page != null && !response.isCommitted()) {
                request.getSession().setAttribute(PENDING, page);
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", target);
                response.setContentLength(0);
                return;
            }
            if (held.error != null) {
                // As it was sent, for the error page.
                if (held.errorMessage == null) {
                    response.sendError(held.error);
                } else {
                    response.sendError(held.error, held.errorMessage);
                }
                return;
            }
            held.copyBodyToResponse();
        }
    }

    /** A response whose body is held back, and whose error (to be rendered by the error page) is only noted. */
    private static final class Held extends ContentCachingResponseWrapper {

        private Integer error;
        private String errorMessage;

        Held(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) {
            error = status;
            setStatus(status);
        }

        @Override
        public void sendError(int status, String message) {
            sendError(status);
            errorMessage = message;
        }

        @Override
        public boolean isCommitted() {
            return error != null || super.isCommitted();
        }
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
