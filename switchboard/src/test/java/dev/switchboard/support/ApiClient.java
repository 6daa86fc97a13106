package dev.switchboard.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for the API (and the login form), so tests go through every filter. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final HttpClient http;
    private String token;
    private String email;
    private String forwardedFor;

    ApiClient(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A response: status, raw body and the body as JSON (null when it is not JSON). */
    public record Response(int status, String body, JsonNode json, Map<String, java.util.List<String>> headers) {

        /** The field named by the first problem in an RFC 9457 error document. */
        public String errorField() {
            return json.get("errors").get(0).get("field").asString();
        }

        /** The rule named by the first problem in an RFC 9457 error document ({@code unique}, {@code in_use}...). */
        public String errorRule() {
            return json.get("errors").get(0).get("rule").asString();
        }

        public String header(String name) {
            var values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    /** Sends {@code X-Forwarded-For: address} with every request, as a load balancer in front would. */
    public ApiClient forwardedFor(String address) {
        this.forwardedFor = address;
        return this;
    }

    public ApiClient withToken(String bearer) {
        this.token = bearer;
        return this;
    }

    /** Signs a new company up and returns a client holding its owner's token. */
    public ApiClient signUpNewCompany(String name) {
        return signUpNewCompany(name, "America/Chicago");
    }

    /** Signs a new company up in {@code timezone} and returns a client holding its owner's token. */
    public ApiClient signUpNewCompany(String name, String timezone) {
        var email = "owner-" + UUID.randomUUID() + "@test.example";
        var signup = post("/api/v1/signup", Map.of("company_name", name, "timezone", timezone,
                "owner_email", email, "owner_password", "correct-horse"));
        if (signup.status() != 201) {
            throw new AssertionError("signup failed: " + signup.body());
        }
        return login(email, "correct-horse");
    }

    public ApiClient login(String email, String password) {
        var response = post("/api/v1/auth/token", Map.of("email", email, "password", password));
        if (response.status() != 201) {
            throw new AssertionError("token request failed: " + response.body());
        }
        var client = new ApiClient(port);
        client.token = response.json().get("token").asString();
        client.email = email;
        return client;
    }

    /** A new user of this client's company with {@code role}, linked to team member {@code memberId} when given, logged in. */
    public ApiClient newUser(String role, String memberId) {
        var email = role.toLowerCase() + "-" + UUID.randomUUID() + "@test.example";
        var body = new java.util.HashMap<String, Object>(Map.of("email", email, "password", "their-password", "role", role));
        if (memberId != null) {
            body.put("member_id", memberId);
        }
        var created = post("/api/v1/users", body);
        if (created.status() != 201) {
            throw new AssertionError("user not created: " + created.body());
        }
        return login(email, "their-password");
    }

    /** The bearer token this client sends (null for none), for a test that writes its own requests. */
    public String token() {
        return token;
    }

    /** The same caller (its token) on the app listening on {@code otherPort}: another node of the same app. */
    public ApiClient onPort(int otherPort) {
        var client = new ApiClient(otherPort);
        client.token = token;
        client.email = email;
        client.forwardedFor = forwardedFor;
        return client;
    }

    /** The email this client logged in with (null for a token given with withToken). */
    public String email() {
        return email;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(bodyOf(body)));
    }

    public Response patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").method("PATCH", bodyOf(body)));
    }

    /** A JSON Merge Patch (RFC 7396): sent as {@code application/merge-patch+json}. */
    public Response mergePatch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/merge-patch+json").method("PATCH", bodyOf(body)));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
    }

    /** Any method with a body of any content type, as given. */
    public Response send(String method, String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart upload of one file, as a browser form would send it. */
    public Response upload(String path, String field, String filename, String contentType, byte[] bytes) {
        var boundary = "----switchboard" + UUID.randomUUID();
        var out = new java.io.ByteArrayOutputStream();
        var head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** {@link #upload}, sent chunked (no Content-Length, so only the servlet's multipart limit applies). */
    public Response uploadChunked(String path, String field, String filename, String contentType, byte[] bytes) {
        var boundary = "----switchboard" + UUID.randomUUID();
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var body = out.toByteArray();
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    /** The raw bytes of a GET (for served media). */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response postForm(String path, Map<String, String> form) {
        var encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
    }

    public static String json(Object body) {
        return JSON.writeValueAsString(body);
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            var type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), response.body(), json, response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
