package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Demo test calls on the real clock, which the in-process simulator's own clock follows in steps of 200 ms: a call asked
 * for now happens now, not up to a step earlier (before the change its caller has just made).
 */
class DemoTestCallClockTest extends IntegrationTest {

    ApiClient owner;
    String number;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Demo Clock Co");
        number = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Demo Clock Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number))).status()).isEqualTo(200);
    }

    @Test
    void aTestCallPlacedRightAfterClosingIsDecidedClosed() {
        var closed = owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", Instant.now().plus(Duration.ofHours(2)).toString(), "reason", "staff meeting"));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+17735550123", "to", number));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        // The simulator's clock was up to 200 ms behind: the call came "before" the override and was decided open.
        assertThat(trace()).contains("staff meeting");
    }

    @Test
    void aTestCallStartsWhenItIsPlaced() {
        for (int i = 0; i < 5; i++) {
            var before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+1773555012" + i, "to", number));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            var from = "+1773555012" + i;
            var started = await().atMost(Duration.ofSeconds(10)).until(() -> owner.get("/api/v1/call-logs?number=" + from.substring(1))
                    .json().valueStream().findFirst().map(c -> Instant.parse(c.get("started_at").asString())).orElse(null),
                    java.util.Objects::nonNull);
            assertThat(started).as("call " + i).isAfterOrEqualTo(before);
            owner.post("/api/v1/simulator/calls/" + placed.json().get("id").asString() + "/hangup", Map.of());
        }
    }

    private String trace() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            var list = owner.get("/api/v1/call-logs").json();
            return list.isEmpty() ? null : owner.get("/api/v1/call-logs/" + list.get(0).get("id").asString()).json().get("trace").toString();
        }, t -> t != null && !t.equals("[]"));
    }
}
