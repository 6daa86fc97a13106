package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.calls.CallCommand;
import dev.switchboard.calls.CallControl;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.SimulatorServer;
import dev.switchboard.simulator.TelnyxSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real adapter over HTTP against the standalone Telnyx simulator: what it sends is checked against
 * Telnyx's OpenAPI and applied as Telnyx would, and the simulator's faults are the carrier's failures.
 */
class TelnyxCallControlOnSimulatorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant START = Instant.parse("2026-11-25T18:00:00Z");

    TelnyxSimulator sim;
    SimulatorServer server;
    TelnyxCallControl control;
    Caller caller;

    @BeforeEach
    void start() {
        sim = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://127.0.0.1:9/none", new byte[32], Duration.ofSeconds(1)),
                new SimClock(START), (url, headers, body) -> 200);
        // The server's clock stands still: the simulator's time moves only when a test moves it.
        server = SimulatorServer.start(sim, 0, Clock.fixed(START, ZoneOffset.UTC));
        control = new TelnyxCallControl(new TelnyxProperties("http://127.0.0.1:" + server.port() + "/v2", "KEY123", "conn-1", null,
                Duration.ofSeconds(2), 3, Duration.ofMillis(1)));
        caller = sim.call("+17735550123", "+13125550100");
        assertThat(control.send(caller.callControlId(), new CallCommand.Answer(false), "answer-1", null)).isInstanceOf(CallControl.Result.Ok.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<TelnyxSimulator.Command> commandsTo(String pathEnd) {
        return sim.commands().stream().filter(c -> c.path().endsWith(pathEnd)).toList();
    }

    @Test
    void a500ThenA200IsRetriedOnceWithTheSameCommandIdAndAppliedOnce() {
        sim.failNextCommands(1, 500);
        var result = control.send(caller.callControlId(), new CallCommand.Speak("Thanks for calling", null, null), "speak-1", null);
        assertThat(result).isInstanceOf(CallControl.Result.Ok.class);
        var speaks = commandsTo("/actions/speak");
        assertThat(speaks).extracting(TelnyxSimulator.Command::status).containsExactly(500, 200);
        assertThat(speaks).extracting(c -> JSON.readTree(c.body()).path("command_id").asString()).containsExactly("speak-1", "speak-1");
        assertThat(speaks.get(1).body()).isEqualTo(speaks.get(0).body());
        assertThat(caller.heard()).containsExactly("Thanks for calling");
        // Over HTTP the webhooks go after the command's answer, on the server's thread.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sim.deliveries().stream().filter(d -> d.eventType().equals("call.speak.started"))).hasSize(1));
    }

    @Test
    void aDialThatFailsOnceIsRetriedWithItsCommandIdAndRingsOnePhone() {
        sim.failNextCommands(1, 503);
        var dialled = control.dial("+13125550100", "sip:ann@flow.sip.telnyx.com", 20, caller.callControlId(), "dial-1", null);
        assertThat(dialled.result()).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(commandsTo("/v2/calls")).extracting(TelnyxSimulator.Command::status).containsExactly(503, 200);
        assertThat(sim.legs()).extracting(l -> l.to()).containsExactly("+13125550100", "sip:ann@flow.sip.telnyx.com");
        assertThat(sim.leg(dialled.legId()).sessionId()).isEqualTo(caller.leg().sessionId());
    }

    @Test
    void aCommandDoneButWhoseAnswerWasLostIsRetriedAndNotDoneTwice() {
        sim.failNextAnswersAfterApplying(1, 502);
        var result = control.send(caller.callControlId(), new CallCommand.Speak("Thanks for calling", null, null), "speak-2", null);
        assertThat(result).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(commandsTo("/actions/speak")).extracting(TelnyxSimulator.Command::status).containsExactly(502, 200);
        assertThat(caller.heard()).as("spoken once").containsExactly("Thanks for calling");
    }

    @Test
    void aHangupDoneButWhoseAnswerWasLostIsAnsweredAsDoneWhenRetried() {
        // The retry is the same command (its command_id): Telnyx answers it as the first was, though the call has
        // ended since, by that very hangup (reference §4.4), not with 90018.
        sim.failNextAnswersAfterApplying(1, 502);
        var result = control.send(caller.callControlId(), new CallCommand.Hangup(), "hangup-1", null);
        assertThat(result).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(commandsTo("/actions/hangup")).extracting(TelnyxSimulator.Command::status).containsExactly(502, 200);
        assertThat(sim.leg(caller.callControlId()).state()).isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        assertThat(control.send(caller.callControlId(), new CallCommand.Hangup(), "hangup-2", null))
                .as("another hangup is a new command: the call has ended").isInstanceOf(CallControl.Result.CallEnded.class);
    }

    @Test
    void aDialDoneButWhoseAnswerWasLostIsRetriedAndRingsOnePhoneWhoseLegItNames() {
        sim.failNextAnswersAfterApplying(1, 504);
        var dialled = control.dial("+13125550100", "sip:ann@flow.sip.telnyx.com", 20, caller.callControlId(), "dial-2", null);
        assertThat(dialled.result()).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(commandsTo("/v2/calls")).extracting(TelnyxSimulator.Command::status).containsExactly(504, 200);
        assertThat(sim.legs()).extracting(l -> l.to()).containsExactly("+13125550100", "sip:ann@flow.sip.telnyx.com");
        assertThat(dialled.legId()).isEqualTo(sim.legs().getLast().callControlId());
    }

    @Test
    void aCarrierThatKeepsFailingLeavesTheCommandUnappliedAfterThreeTries() {
        sim.failNextCommands(3, 503);
        var result = control.send(caller.callControlId(), new CallCommand.Hangup(), "hangup-1", null);
        assertThat(result).isInstanceOf(CallControl.Result.Unavailable.class);
        assertThat(commandsTo("/actions/hangup")).hasSize(3);
        assertThat(caller.state()).isEqualTo(dev.switchboard.simulator.Leg.State.ANSWERED);
    }
}
