package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.carrier.SimulatedCallControl;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A box's uploaded greeting the carrier cannot play (its playback refused, or ended failed: file not found) does not
 * leave the caller in silence before the beep, not knowing whose voicemail it is: the spoken default greeting is said
 * instead, and the call's trace says why.
 */
@Import(UnplayableGreetingTest.Carrier.class)
class UnplayableGreetingTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Carrier {
        /** How many audio playbacks the carrier refuses next (422), as it does a link it will not take. */
        final AtomicInteger refusePlays = new AtomicInteger();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        @Primary
        CallControl refusingPlays(TelnyxSimulator simulator) {
            var control = new SimulatedCallControl(simulator, "demo-connection");
            return new CallControl() {
                @Override
                public Result send(String legId, CallCommand command, String commandId, String clientState) {
                    if (command instanceof CallCommand.Play p && !p.loop() && refusePlays.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new Result.Refused("90045", "Unable to play the audio file");
                    }
                    return control.send(legId, command, commandId, clientState);
                }

                @Override
                public DialResult dial(String from, String to, int timeoutSeconds, String linkTo, String commandId, String clientState) {
                    return control.dial(from, to, timeoutSeconds, linkTo, commandId, clientState);
                }

                @Override
                public LegStatus status(String legId) {
                    return control.status(legId);
                }
            };
        }
    }

    @Autowired
    Carrier carrier;

    String did;
    String ann;

    @BeforeEach
    void annWithAnUploadedGreeting() throws java.io.IOException {
        newCompany("Unplayable Co");
        carrier.refusePlays.set(0);
        sim.failNextPlaybacks(0, null);
        did = randomNumber("312");
        ann = member(Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", did));
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "ann.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var box = owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("greeting_type", "AUDIO",
                "greeting_media_id", uploaded.json().get("file").get("id").asString()));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
    }

    String trace() {
        return owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString();
    }

    void spokenGreetingThenTheMessageKept(dev.switchboard.simulator.Caller caller) {
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).as("the caller hears whose voicemail it is before the beep")
                .containsExactly("Ann is not available. Please leave a message after the tone.", "(beep)");
        assertThat(trace()).contains("voicemail: the box's greeting could not be played; the spoken greeting instead");
        caller.leaveMessage(Duration.ofSeconds(10), "Please call me back.");
        sim.advance(Duration.ofMinutes(1));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
    }

    @Test
    void aGreetingTheCarrierRefusesToPlayIsReplacedByTheSpokenOne() {
        carrier.refusePlays.set(1);
        spokenGreetingThenTheMessageKept(sim.call(randomNumber("773"), did));
    }

    @Test
    void aGreetingWhosePlaybackEndsFileNotFoundIsReplacedByTheSpokenOne() {
        sim.failNextPlaybacks(1, "file_not_found");
        spokenGreetingThenTheMessageKept(sim.call(randomNumber("773"), did));
    }

    @Test
    void aGreetingThatPlaysIsNotFollowedByTheSpokenOne() {
        var caller = sim.call(randomNumber("773"), did);
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).hasSize(2);
        assertThat(caller.heard().getFirst()).contains("/media/");
    }
}
