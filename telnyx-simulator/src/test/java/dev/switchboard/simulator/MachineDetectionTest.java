package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Answering machine detection (reference §2, AMD): a dial or transfer that asks for it gets, after the leg answers,
 * {@code call.machine.detection.ended} saying whether a person or a machine picked up; one that does not ask gets none.
 */
class MachineDetectionTest extends SimulatorFixture {

    static final String CELL = "+17735550177";
    static final String PERSON = "+17735550178";

    String result(String legId, String type) {
        return of(legId).stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow().payload().path("result").asString();
    }

    @Test
    void aDialAskingForDetectionHearsMachineFromAVoicemailAndHumanFromAPersonEachAfterItsAnalysis() {
        sim.phone(CELL, PhoneScript.machine(Duration.ofSeconds(2)));
        sim.phone(PERSON, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var machine = dialled(CELL, ",\"answering_machine_detection\":\"detect\"");
        var person = dialled(PERSON, ",\"answering_machine_detection\":\"detect\"");
        sim.advance(Duration.ofSeconds(2));
        assertThat(typesOf(machine)).containsExactly("call.initiated", "call.answered");
        sim.advance(Duration.ofMillis(1_800));
        assertThat(typesOf(person)).containsExactly("call.initiated", "call.answered", "call.machine.detection.ended");
        assertThat(result(person, "call.machine.detection.ended")).isEqualTo("human");
        assertThat(typesOf(machine)).as("a machine's greeting is still being analysed").hasSize(2);
        sim.advance(Duration.ofMillis(1_700));
        assertThat(typesOf(machine)).containsExactly("call.initiated", "call.answered", "call.machine.detection.ended");
        assertThat(result(machine, "call.machine.detection.ended")).isEqualTo("machine");
        sim.advance(Duration.ofSeconds(10));
        assertThat(typesOf(machine)).as("plain detect reports no greeting end").hasSize(3);
    }

    @Test
    void detectBeepAlsoReportsTheMachinesGreetingEndingAndPremiumUsesItsOwnEvents() {
        sim.phone(CELL, PhoneScript.machine(Duration.ofSeconds(1)));
        var beep = dialled(CELL, ",\"answering_machine_detection\":\"detect_beep\"");
        var premium = dialled(CELL, ",\"answering_machine_detection\":\"premium\"");
        sim.advance(Duration.ofSeconds(10));
        assertThat(typesOf(beep)).containsExactly("call.initiated", "call.answered", "call.machine.detection.ended",
                "call.machine.greeting.ended");
        assertThat(result(beep, "call.machine.greeting.ended")).isEqualTo("beep_detected");
        assertThat(typesOf(premium)).containsExactly("call.initiated", "call.answered", "call.machine.premium.detection.ended",
                "call.machine.premium.greeting.ended");
        assertThat(result(premium, "call.machine.premium.detection.ended")).isEqualTo("machine");
    }

    @Test
    void noDetectionUnlessAskedAndNoneOnceTheLegHasEnded() {
        sim.phone(CELL, PhoneScript.machine(Duration.ofSeconds(1)));
        var plain = dialled(CELL, "");
        var disabled = dialled(CELL, ",\"answering_machine_detection\":\"disabled\"");
        var hungUp = dialled(CELL, ",\"answering_machine_detection\":\"detect\"");
        sim.advance(Duration.ofSeconds(2));
        ok(hungUp, "hangup", "{}");
        sim.advance(Duration.ofSeconds(10));
        assertThat(typesOf(plain)).containsExactly("call.initiated", "call.answered");
        assertThat(typesOf(disabled)).containsExactly("call.initiated", "call.answered");
        assertThat(typesOf(hungUp)).containsExactly("call.initiated", "call.answered", "call.hangup");
    }

    @Test
    void aTransferAskingForDetectionReportsOnItsNewLeg() {
        sim.phone(CELL, PhoneScript.machine(Duration.ofSeconds(2)));
        var caller = answeredCaller();
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + CELL + "\",\"answering_machine_detection\":\"detect\"}");
        sim.advance(Duration.ofSeconds(8));
        var b = caller.leg().bridgedWith();
        assertThat(typesOf(b)).contains("call.answered", "call.machine.detection.ended");
        assertThat(result(b, "call.machine.detection.ended")).isEqualTo("machine");
    }
}
