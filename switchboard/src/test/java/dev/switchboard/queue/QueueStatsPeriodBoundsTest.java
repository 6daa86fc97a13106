package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueStatsPeriodBoundsTest extends IntegrationTest {

    /**
     * A day or an instant out of the calendar's range (a typo of the year, a client's "max date") is refused naming the
     * field, as the call log refuses it: the days the stats now take were turned into midnights past the last day Java
     * knows, and the request failed as a server error.
     */
    @Test
    void aPeriodOutOfTheCalendarsRangeIsRefusedNamingTheField() {
        var owner = api().signUpNewCompany("Queue Bounds Co");
        var q = owner.post("/api/v1/queues", Map.of("name", "Sales", "strategy", "LONGEST_IDLE")).json().get("id").asString();
        for (var query : new String[] {"to=%2B999999999-12-31", "to=%2B1000000000-12-31T23:59:59Z", "from=%2B999999999-12-30&to=%2B999999999-12-31",
                "from=-999999999-01-01&to=-999999999-01-02", "to=%2B10000-01-01", "to=0000-06-01"}) {
            var refused = owner.get("/api/v1/queues/" + q + "/stats?" + query);
            assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).as(query).isIn("from", "to");
            assertThat(refused.body()).as(query).contains("0001").contains("9999");
        }
        assertThat(owner.get("/api/v1/queues/" + q + "/stats?from=2026-11-25&to=2026-11-25").status()).isEqualTo(200);
        // The calendar's own ends are taken.
        var lastDay = owner.get("/api/v1/queues/" + q + "/stats?from=9999-12-30&to=9999-12-31");
        assertThat(lastDay.status()).as(lastDay.body()).isEqualTo(200);
        var firstDay = owner.get("/api/v1/queues/" + q + "/stats?to=0001-01-01T12:00:00Z");
        assertThat(firstDay.status()).as(firstDay.body()).isEqualTo(200);
    }
}
