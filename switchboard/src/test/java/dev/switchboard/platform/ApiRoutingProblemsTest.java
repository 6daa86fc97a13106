package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API requests no controller takes (wrong content type for an endpoint that declares one, wrong method, no such path)
 * are answered with a problem document like every other API error, not Spring Boot's error body. The wrong content
 * type was found by ApiBadInputFuzzTest (a PATCH sent as application/octet-stream).
 */
class ApiRoutingProblemsTest extends IntegrationTest {

    @Test
    void aRequestNoControllerTakesIsAProblemDocumentNamingWhy() {
        var owner = api().signUpNewCompany("Routing Problems Co");
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "R", "type", "SIMULTANEOUS")).json().get("rule").get("id").asString();

        var type = owner.postRaw("/api/v1/routing-rules", "text/plain", "{}"); // a controller's own check: already a problem
        assertThat(type.status()).isEqualTo(415);
        assertThat(type.header("Content-Type")).startsWith("application/problem+json");

        var patch = owner.send("PATCH", "/api/v1/routing-rules/" + rule, "application/octet-stream", "{\"enabled\":false}");
        assertThat(patch.status()).isEqualTo(415);
        assertThat(patch.header("Content-Type")).startsWith("application/problem+json");
        assertThat(patch.json().get("detail").asString()).contains("Content-Type").contains("application/octet-stream");
        assertThat(patch.json().get("status").asInt()).isEqualTo(415);
        assertThat(patch.header("Accept")).contains("application/merge-patch+json");
        assertThat(owner.get("/api/v1/routing-rules/" + rule).json().get("enabled").asBoolean()).isTrue();

        var method = owner.get("/api/v1/routing/simulate");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.header("Content-Type")).startsWith("application/problem+json");
        assertThat(method.json().get("detail").asString()).contains("GET");
        // Shaped as every other refusal: a type, and errors naming what is at fault.
        assertThat(method.json().get("type").asString()).isEqualTo("about:blank");
        assertThat(method.json().at("/errors/0/field").asString()).isEqualTo("method");
        assertThat(method.json().at("/errors/0/message").asString()).contains("'GET' is not taken").contains("use POST");

        var nowhere = owner.get("/api/v1/no-such-thing");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.header("Content-Type")).startsWith("application/problem+json");
        assertThat(nowhere.json().get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
        assertThat(nowhere.json().get("type").asString()).isEqualTo("about:blank");
        assertThat(nowhere.json().at("/errors/0/field").asString()).isEqualTo("address");
        assertThat(nowhere.json().at("/errors/0/message").asString()).contains("there is no /api/v1/no-such-thing");

    }
}
