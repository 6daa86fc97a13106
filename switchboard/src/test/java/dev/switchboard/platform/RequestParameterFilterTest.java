package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Query strings and form fields that cannot be read (a broken percent-escape, bytes that are not UTF-8) or
 * that carry the NUL character: 400 saying what is wrong, before security or any handler, on the API and
 * on the pages alike. Sent over a raw socket: {@code java.net.URI} refuses to build such requests at all.
 */
class RequestParameterFilterTest extends IntegrationTest {

    @Test
    void anUnreadableQueryIsA400NamingTheProblemOnTheApi() {
        var token = api().post("/api/v1/auth/token", java.util.Map.of("email", "owner@demo.test", "password", "demo")).json().get("token").asString();
        for (var query : new String[] {"x=%zz", "x=%C3", "limit=5&number=%", "x=a%00b"}) {
            var answer = raw("GET /api/v1/call-logs?" + query + " HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n");
            assertThat(answer).as(query).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("Malformed request");
        }
        assertThat(raw("GET /api/v1/call-logs?x=%zz HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n"))
                .contains("has a broken percent-escape");
        assertThat(raw("GET /api/v1/call-logs?x=a%00b HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n"))
                .contains("NUL character");
        // The same request, readable, is answered.
        assertThat(raw("GET /api/v1/call-logs?limit=1 HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void anUnreadableFormOrQueryIsA400PageSayingWhatToFix() {
        var page = raw("GET /login?error=%zz HTTP/1.1\r\n");
        assertThat(page).startsWith("HTTP/1.1 400").contains("text/html").contains("has a broken percent-escape")
                .contains("%zz").contains("Check what you entered").doesNotContain("<script>");
        var body = "username=owner%40demo.test&password=de%00mo";
        var form = raw("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\n", body);
        assertThat(form).startsWith("HTTP/1.1 400").contains("password&#39; contains the NUL character");
        // An escape in the query is shown escaped, never as markup.
        assertThat(raw("GET /login?%3Cscript%3E=%zz HTTP/1.1\r\n")).startsWith("HTTP/1.1 400").doesNotContain("<script>");
    }

    /**
     * An address Tomcat cannot decode, or one the security firewall refuses, never reaches the app: Tomcat answered the
     * first with its own HTML page (stack trace and all for a request over its buffer, with its report in place), the
     * firewall's with Boot's bare JSON. The API answers both with a problem document naming the address; a page with
     * the app's words.
     */
    @Test
    void anAddressRefusedBeforeTheAppIsAProblemDocumentOnTheApiAndWordsOnAPage() {
        for (var path : new String[] {"/api/v1/members/%00", "/api/v1/members/a%2Fb", "/api/v1/members/%zz"}) {
            var answer = raw("GET " + path + " HTTP/1.1\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json;charset=UTF-8")
                    .contains("\"field\":\"address\"").contains("\"rule\":\"malformed\"").contains("an encoded /")
                    .doesNotContain("Tomcat").doesNotContain("<html");
        }
        for (var path : new String[] {"/api/v1/members;x=1", "/api//members", "/api/v1/../v1/members", "/api/v1/members/%2e%2e/x"}) {
            var answer = raw("GET " + path + " HTTP/1.1\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json;charset=UTF-8")
                    .contains("\"field\":\"address\"").contains("\"rule\":\"malformed\"").doesNotContain("\"timestamp\"");
        }
        var tooLarge = raw("GET /api/v1/members HTTP/1.1\r\nX-Big: " + "a".repeat(9_000) + "\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 400").contains("\"rule\":\"size\"").contains("larger than the server reads")
                .doesNotContain("Exception").doesNotContain("Tomcat");
        var page = raw("GET /settings/%00 HTTP/1.1\r\n");
        assertThat(page).startsWith("HTTP/1.1 400").contains("text/html").contains("That request could not be read")
                .doesNotContain("Tomcat");
        var longLine = raw("GET /settings?x=" + "a".repeat(9_000) + " HTTP/1.1\r\n");
        assertThat(longLine).startsWith("HTTP/1.1 400").contains("larger than the server reads").doesNotContain("Exception");
    }

    @Test
    void queryProblemsAreNamed() {
        assertThat(RequestParameterFilter.queryProblem("a=1&b=%E2%82%AC")).isNull();
        assertThat(RequestParameterFilter.queryProblem("a=%EF%BF%BD")).as("U+FFFD sent as itself").isNull();
        assertThat(RequestParameterFilter.queryProblem("a=%zz")).contains("'a=%zz' has a broken percent-escape");
        assertThat(RequestParameterFilter.queryProblem("a=%C3")).contains("is not UTF-8");
        assertThat(RequestParameterFilter.queryProblem("a=%00")).contains("NUL");
        assertThat(RequestParameterFilter.queryProblem(null)).isNull();
    }

    private String raw(String head) {
        return raw(head, "");
    }

    private String raw(String head, String body) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write((head + "Host: localhost\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
