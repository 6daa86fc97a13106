package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A call_control_id looks like a real one: {@code v3:} and 54 URL-safe base64 characters, as the spec's
 * example and the captured real delivery both are (reference §8.1).
 */
class CallControlIdTest extends SimulatorFixture {

    /** The spec's example and the one from a real delivery [CAPTURE]. */
    static final String SPEC_EXAMPLE = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
    static final String CAPTURED = "v3:2EC-70CTEjlUq3tDM0CxKXIt5-5N4iP4wo7_-PfH-qub97Sk4EqO5w";
    static final Pattern SHAPE = Pattern.compile("v3:[A-Za-z0-9_-]{54}");

    @Test
    void theReferenceExamplesHaveTheShapeTheTestChecks() {
        assertThat(SPEC_EXAMPLE).matches(SHAPE);
        assertThat(CAPTURED).matches(SHAPE);
    }

    @Test
    void incomingDialledAndTransferredLegsGetIdsShapedLikeTelnyxsAndNoTwoAlike() {
        sim.phone("+17735550999", PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var ids = new HashSet<String>();
        for (int i = 0; i < 200; i++) {
            var caller = sim.call("+1773555" + String.format("%04d", i), APP);
            ids.add(caller.callControlId());
        }
        var caller = answeredCaller();
        ok(caller.callControlId(), "transfer", "{\"to\":\"+17735550999\"}");
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP + "\",\"to\":\"+17735550999\"}");
        assertThat(dialled.status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(1));
        for (var leg : sim.legs()) {
            assertThat(leg.callControlId()).matches(SHAPE).hasSameSizeAs(SPEC_EXAMPLE);
            ids.add(leg.callControlId());
        }
        assertThat(ids).hasSize(sim.legs().size()).hasSize(203);
        assertThat(received).allSatisfy(r -> assertThat(r.leg()).matches(SHAPE));
        // A command addressed to one, percent-encoded or not, reaches its leg.
        var leg = sim.legs().getLast().callControlId();
        assertThat(sim.handle("POST", "/v2/calls/" + java.net.URLEncoder.encode(leg, java.nio.charset.StandardCharsets.UTF_8)
                + "/actions/hangup", "{}").status()).isEqualTo(200);
        assertThat(sim.leg(leg).state()).isEqualTo(Leg.State.ENDED);
    }
}
