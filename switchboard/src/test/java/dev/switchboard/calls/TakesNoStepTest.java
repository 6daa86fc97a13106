package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signals the engine handles without locking the call: only those that change nothing in any state. */
class TakesNoStepTest {

    private static final Instant AT = Instant.parse("2026-11-25T18:00:00Z");

    @Test
    void bridgesOtherEventsAndPromptsWeStoppedChangeNothingButEveryOtherSignalIsHandled() {
        assertThat(CallEngine.takesNoStep(new CallSignal.Bridged("e1", "v3:a", "s", AT, null, "+1", "+2"))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.Other("e2", "v3:a", "s", AT, null, "call.playback.started"))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e3", "v3:a", "s", AT, null, CallSignal.PromptEnd.STOPPED))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e4", "v3:a", "s", AT, null, CallSignal.PromptEnd.CALLER_GONE))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e5", "v3:a", "s", AT, null, CallSignal.PromptEnd.COMPLETED))).isFalse();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e7", "v3:a", "s", AT, null, CallSignal.PromptEnd.FAILED))).isFalse();
        // A gather the caller's hangup or a command ended is no choice of theirs; one that timed out is.
        assertThat(CallEngine.takesNoStep(new CallSignal.DigitsGathered("e8", "v3:a", "s", AT, null, "", CallSignal.GatherEnd.CALLER_GONE))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.DigitsGathered("e9", "v3:a", "s", AT, null, "", CallSignal.GatherEnd.STOPPED))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.DigitsGathered("e10", "v3:a", "s", AT, null, "", CallSignal.GatherEnd.TIMEOUT))).isFalse();
        assertThat(CallEngine.takesNoStep(new CallSignal.Answered("e6", "v3:a", "s", AT, null))).isFalse();
    }

    @Test
    void aPromptEndReportedCompletedUnderTheStateWeStoppedItWithIsAPromptWeStopped() {
        // Telnyx ends a stopped speak "completed" (call.speak.ended has no cancelled), under the stop command's state.
        var caller = new ClientState(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "CALLER", null).encode();
        var stopping = ClientState.stopping(caller);
        assertThat(ClientState.decode(stopping).stopping()).isTrue();
        assertThat(ClientState.decode(stopping).role()).isEqualTo("CALLER");
        assertThat(ClientState.decode(caller).stopping()).isFalse();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e1", "v3:a", "s", AT, stopping, CallSignal.PromptEnd.COMPLETED))).isTrue();
        assertThat(CallEngine.takesNoStep(new CallSignal.PromptEnded("e2", "v3:a", "s", AT, caller, CallSignal.PromptEnd.COMPLETED))).isFalse();
        assertThat(ClientState.stopping("not ours")).isEqualTo("not ours");
        assertThat(ClientState.decode(caller + "|other")).isNull();
    }

    @Test
    void onlyALegBeginningTheCallerHangingUpOrATranscriptionLockNothingOtherCallsShare() {
        var caller = new ClientState(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "CALLER", null);
        var member = new ClientState(caller.companyId(), caller.callId(), "MEMBER", java.util.UUID.randomUUID());
        var initiated = new CallSignal.Initiated("e1", "v3:b", "s", AT, null, false, "+1", "sip:b@x", null);
        assertThat(CallEngine.locksSharedRows(initiated, member)).isFalse();
        var hangup = new CallSignal.Hangup("e2", "v3:a", "s", AT, null, CallSignal.Reason.NORMAL, CallSignal.Side.CALLER, "normal_clearing", "200");
        assertThat(CallEngine.locksSharedRows(hangup, caller)).isFalse();
        assertThat(CallEngine.locksSharedRows(hangup, member)).isTrue();
        assertThat(CallEngine.locksSharedRows(hangup, null)).isTrue();
        assertThat(CallEngine.locksSharedRows(new CallSignal.Answered("e3", "v3:a", "s", AT, null), caller)).isTrue();
        var transcribed = new CallSignal.RecordingTranscribed("e4", "v3:a", "s", AT, null, "r1", true, "Hello");
        assertThat(CallEngine.takesNoStep(transcribed)).isFalse();
        assertThat(CallEngine.locksSharedRows(transcribed, caller)).isFalse();
    }
}
