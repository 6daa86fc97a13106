package dev.switchboard.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: keeps the session cookie, reads the CSRF token from the last page and
 * sends it with every form (in the body; for an upload in the form's address, as the pages' upload forms do), and
 * follows no redirect by itself but a 303 (tests look at redirects; a 303 is how a form is shown again at its own
 * address).
 */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final int port;
    private final HttpClient http;
    private String csrf;
    private String companyId;
    private String email;
    private String bearer;
    private java.net.http.HttpHeaders lastHeaders;

    /**
     * An answer. {@code address} is what the browser's address bar then shows: the path asked for, or where a 303 sent
     * it (followed, as a browser follows one; a 302 is not, so that tests see where a save goes).
     */
    public record Page(int status, String body, String location, String contentType, byte[] bytes, String address) {
    }

    WebClient(int port) {
        this(port, HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    private WebClient(int port, HttpClient http) {
        this.port = port;
        this.http = http;
    }

    /**
     * This browser sending its requests to the app on {@code otherPort} (another node behind the same load balancer):
     * the same cookies (a cookie is the host's, whatever the port) and the CSRF token of the last page it had.
     */
    public WebClient on(int otherPort) {
        var other = new WebClient(otherPort, http);
        other.csrf = csrf;
        other.companyId = companyId;
        other.email = email;
        other.bearer = bearer;
        return other;
    }

    /** A browser that has not signed in (no session until it loads a page). */
    public static WebClient anonymous(int port) {
        return new WebClient(port);
    }

    /** Sends {@code token} as an API bearer token with every request, as a script holding one might (a page takes none). */
    public WebClient withBearer(String token) {
        this.bearer = token;
        return this;
    }

    /** The CSRF token of the last page that had one (null before). */
    public String csrfToken() {
        return csrf;
    }

    /** Signs up a new company through the API and logs its owner in through the login form. */
    public static WebClient ownerOfNewCompany(int port, String name) {
        var email = "web-" + UUID.randomUUID() + "@test.example";
        var api = new ApiClient(port);
        var signup = api.post("/api/v1/signup", Map.of("company_name", name, "timezone", "America/Chicago",
                "owner_email", email, "owner_password", "correct-horse"));
        if (signup.status() != 201) {
            throw new AssertionError(signup.body());
        }
        var web = loggedIn(port, email, "correct-horse");
        web.companyId = signup.json().get("company_id").asString();
        web.email = email;
        return web;
    }

    /** The owner's email (password {@code correct-horse}) of a company signed up by {@link #ownerOfNewCompany}. */
    public String email() {
        return email;
    }

    /** The company signed up by {@link #ownerOfNewCompany}. */
    public String companyId() {
        return companyId;
    }

    public static WebClient loggedIn(int port, String email, String password) {
        var web = new WebClient(port);
        web.get("/login");
        var result = web.post("/login", "email", email, "password", password);
        if (result.status() != 302 || result.location().contains("error")) {
            throw new AssertionError("login failed: " + result.location());
        }
        web.get("/login");
        return web;
    }

    public Page get(String path) {
        return send(request(path).GET(), false);
    }

    /** A GET with these request headers (name, value, ...): a player's {@code Range}. */
    public Page get(String path, String... headers) {
        return send(request(path).headers(headers).GET(), false);
    }

    /** The headers of the last answer ({@code Content-Disposition}, {@code Content-Range}...). */
    public java.net.http.HttpHeaders lastHeaders() {
        return lastHeaders;
    }

    /** A GET as htmx sends it (the server answers with a fragment). */
    public Page htmxGet(String path) {
        return send(request(path).header("HX-Request", "true").GET(), false);
    }

    /** A form post with name/value pairs (a name may repeat), with the CSRF token of the last page. */
    public Page post(String path, String... pairs) {
        return post(path, false, pairs);
    }

    public Page htmxPost(String path, String... pairs) {
        return post(path, true, pairs);
    }

    private Page post(String path, boolean htmx, String... pairs) {
        var params = new ArrayList<String>(List.of(pairs));
        if (csrf != null) {
            params.add("_csrf");
            params.add(csrf);
        }
        var body = new StringBuilder();
        for (int i = 0; i < params.size(); i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(params.get(i), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(params.get(i + 1), StandardCharsets.UTF_8));
        }
        var builder = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (htmx) {
            builder.header("HX-Request", "true");
        }
        return send(builder, false);
    }

    /**
     * A multipart form post with one file, as a form with {@code enctype="multipart/form-data"} sends it: the CSRF token
     * of the last page in the form's address ({@code ?_csrf=}), where the upload forms put it, as it is not read from
     * an upload's body.
     */
    public Page postFile(String path, String fileField, String filename, String contentType, byte[] bytes, String... pairs) {
        var target = csrf == null ? path
                : path + (path.contains("?") ? "&" : "?") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        var boundary = "----switchboard" + UUID.randomUUID();
        return postMultipart(target, "multipart/form-data; boundary=" + boundary, multipart(boundary, fileField, filename,
                contentType, bytes, pairs));
    }

    /** A multipart body of name/value pairs and one file, as a browser builds it. */
    public static byte[] multipart(String boundary, String fileField, String filename, String contentType, byte[] bytes,
            String... pairs) {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + pairs[i] + "\"\r\n\r\n"
                    + pairs[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A POST of the body as given (no token added), with extra headers as name/value pairs. */
    public Page postMultipart(String path, String contentType, byte[] body, String... headers) {
        var builder = request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder, false);
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html,*/*;q=0.8");
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    private Page send(HttpRequest.Builder builder, boolean unused) {
        try {
            var request = builder.build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            var address = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
            if (response.statusCode() == 303) {
                var to = URI.create(response.headers().firstValue("Location").orElseThrow());
                return send(request(to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery())).GET(), false);
            }
            lastHeaders = response.headers();
            var type = response.headers().firstValue("Content-Type").orElse("");
            var text = new String(response.body(), StandardCharsets.UTF_8);
            if (type.contains("html")) {
                var m = CSRF.matcher(text);
                if (m.find()) {
                    csrf = m.group(1);
                }
            }
            return new Page(response.statusCode(), type.contains("spreadsheet") ? "" : text,
                    response.headers().firstValue("Location").orElse(""), type, response.body(), address);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
