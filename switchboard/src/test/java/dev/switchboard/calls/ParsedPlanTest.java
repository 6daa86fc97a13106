package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.Decision;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A call's plan is parsed once while its text stays the same, again when it changes or after the call ended. */
class ParsedPlanTest {

    final CallStore store = new CallStore(null, null, JsonMapper.builder().build());

    @Test
    void aPlanIsParsedOnceWhileItsTextStaysTheSameAndAgainWhenItChanges() {
        var call = UUID.randomUUID();
        var voicemail = text(new Decision(null, new Decision.Voicemail(null), null, false, List.of()));
        var first = store.parsed(call, voicemail, Decision.class);
        // The same text as read by the call's next signal (another String object): the same parse.
        assertThat(store.parsed(call, new String(voicemail.toCharArray()), Decision.class)).isSameAs(first);
        assertThat(store.parsed(UUID.randomUUID(), voicemail, Decision.class)).isNotSameAs(first).isEqualTo(first);

        // Another node changed the plan (a transfer): parsed again.
        var hangup = text(new Decision(null, new Decision.Hangup("Goodbye"), null, true, List.of()));
        var changed = store.parsed(call, hangup, Decision.class);
        assertThat(changed.action()).isEqualTo(new Decision.Hangup("Goodbye"));
        assertThat(changed.record()).isTrue();

        store.ended(call);
        assertThat(store.parsed(call, hangup, Decision.class)).isNotSameAs(changed).isEqualTo(changed);
    }

    private String text(Decision decision) {
        return store.json().writeValueAsString(decision);
    }
}
