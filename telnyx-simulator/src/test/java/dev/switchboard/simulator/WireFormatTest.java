package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How values are written on the wire: timestamps, error bodies (reference §1.2, §4.1 and the spec's examples). */
class WireFormatTest extends SimulatorFixture {

    static final String MICROSECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

    @Test
    void timestampsAlwaysCarrySixFractionDigitsAndZEvenOnAWholeSecond() {
        var caller = sim.call("+17735550123", APP); // the clock is on a whole second
        var initiated = received.getFirst();
        assertThat(initiated.body().path("data").path("occurred_at").asString()).isEqualTo("2026-11-25T18:00:00.000000Z");
        assertThat(initiated.payload().path("start_time").asString()).isEqualTo("2026-11-25T18:00:00.000000Z");
        sim.advance(Duration.ofMillis(1500));
        ok(caller.callControlId(), "answer", "{}");
        assertThat(received.getLast().body().path("data").path("occurred_at").asString()).isEqualTo("2026-11-25T18:00:01.500000Z");
        sim.advance(Duration.ofMillis(500));
        caller.hangUp();
        var hangup = received.getLast().payload();
        assertThat(hangup.path("start_time").asString()).matches(MICROSECONDS);
        assertThat(hangup.path("end_time").asString()).isEqualTo("2026-11-25T18:00:02.000000Z");
        var status = JSON.readTree(sim.handle("GET", "/v2/calls/" + caller.callControlId(), null).body()).path("data");
        assertThat(status.path("start_time").asString()).matches(MICROSECONDS);
        assertThat(status.path("end_time").asString()).matches(MICROSECONDS);
    }

    @Test
    void anUnknownCallControlIdIsRefusedWithTheSpecsExampleBodyPointingAtIt() {
        for (var response : new TelnyxSimulator.Response[] {post("v3:nope", "hangup", "{}"), sim.handle("GET", "/v2/calls/v3:nope", null)}) {
            assertThat(response.status()).isEqualTo(422);
            var error = JSON.readTree(response.body()).path("errors").get(0);
            assertThat(error.path("code").asString()).isEqualTo("90015");
            assertThat(error.path("detail").asString()).isEqualTo("The call_control_id provided was not valid.");
            assertThat(error.path("source").path("pointer").asString()).isEqualTo("/call_control_id");
        }
    }
}
