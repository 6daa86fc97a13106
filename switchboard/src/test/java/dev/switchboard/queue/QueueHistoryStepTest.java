package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who reads which names in a queue entry's history (pure logic). */
class QueueHistoryStepTest {

    final UUID ann = UUID.randomUUID();
    final UUID bob = UUID.randomUUID();
    final Instant at = Instant.parse("2026-11-25T18:00:00Z");
    final List<QueueLine.Step> steps = List.of(
            new QueueLine.Step(at, "CALLBACK_REQUESTED", null, null, 1, 10, "+17735550101"),
            new QueueLine.Step(at.plusSeconds(1), "OFFERED", ann, null, 1, null, "callback"),
            new QueueLine.Step(at.plusSeconds(16), "NO_ANSWER", ann, null, null, null, null),
            new QueueLine.Step(at.plusSeconds(17), "OFFERED", bob, null, 1, null, "callback"));

    Actor actor(Role role, UUID memberId) {
        return new Actor(CompanyId.of(UUID.randomUUID().toString()), UUID.randomUUID(), "x@test.example", role, memberId);
    }

    @Test
    void aSupervisorReadsEveryStepWithWhoWasOfferedIt() {
        assertThat(QueueLine.Step.seenBy(actor(Role.SUPERVISOR, null), steps)).isEqualTo(steps);
    }

    @Test
    void anAgentReadsEveryStepAndWhenButOnlyTheirOwnName() {
        var seen = QueueLine.Step.seenBy(actor(Role.AGENT, bob), steps);
        assertThat(seen).extracting(QueueLine.Step::type).containsExactly("CALLBACK_REQUESTED", "OFFERED", "NO_ANSWER", "OFFERED");
        assertThat(seen).extracting(QueueLine.Step::at).containsExactlyElementsOf(steps.stream().map(QueueLine.Step::at).toList());
        assertThat(seen).extracting(QueueLine.Step::memberId).containsExactly(null, null, null, bob);
    }
}
