package dev.switchboard.tenancy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Where the pages' CSRF check looks for the token: for a form, in its body (the hidden {@code _csrf} field) or the
 * {@code X-CSRF-TOKEN} header (htmx sends it); for an upload (multipart), in the header or the form's address
 * ({@code ?_csrf=...}), never in its body.
 *
 * <p>Why: the check runs before the user is known, and reading one field of a multipart body means reading (and
 * writing to disk) the whole upload, so anyone could make the server read and store up to the multipart limit.
 * Spring Security's reference (CSRF, "Multipart (file upload)") names the trade-off: the token in the body is read
 * before authentication (that risk), the token in the form's action URL may leak (address bar, history, access
 * logs). The upload forms take the URL, as they must work without JavaScript; what a leak gives is small: the token is
 * the session's (it ends with it, at sign-out), masked anew on each page (as in the body), and not sent to other sites
 * (browsers send them only the origin as the Referer). A script can send the header instead. Tokens are checked as
 * Spring Security's default handler checks them (masked with XOR), to which this delegates.
 */
final class UploadCsrfTokens implements CsrfTokenRequestHandler {

    private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        masked.handle(request, response, token);
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        return masked.resolveCsrfTokenValue(isMultipart(request) ? new QueryStringOnly(request) : request, token);
    }

    static boolean isMultipart(HttpServletRequest request) {
        var type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** An upload whose parameters are read from its query string only: the container would read them from its parts too. */
    private static final class QueryStringOnly extends HttpServletRequestWrapper {

        QueryStringOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            var query = getQueryString();
            if (query == null) {
                return null;
            }
            for (var pair : query.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    if (URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    }
                } catch (IllegalArgumentException e) {
                    // A broken escape is refused before security (RequestParameterFilter); here it is no token.
                }
            }
            return null;
        }
    }
}
