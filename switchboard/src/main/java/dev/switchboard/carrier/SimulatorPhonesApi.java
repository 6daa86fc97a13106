package dev.switchboard.carrier;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the members' phones answer the demo's calls: answer after so many seconds, never, reject, busy, or an answering
 * machine. Not available with a real carrier. The work is {@link TestCalls}'s.
 */
@RestController
@RequestMapping("/api/v1/simulator/phones")
@Tag(name = "Demo: simulated calls")
class SimulatorPhonesApi {

    private final TestCalls calls;

    SimulatorPhonesApi(TestCalls calls) {
        this.calls = calls;
    }

    record Phone(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"ANSWER", "NEVER", "REJECT", "BUSY", "MACHINE"})
            String answers,
            @Schema(description = "Seconds it rings before it picks up, 0 to 120: for ANSWER and MACHINE only") Integer afterSeconds) {
    }

    record DemoPhone(UUID memberId, String name, String answers, Integer afterSeconds) {
        static DemoPhone of(TestCalls.DemoPhone p) {
            return new DemoPhone(p.memberId(), p.name(), p.answers(), p.afterSeconds());
        }
    }

    @GetMapping
    @Operation(summary = "How each member's phone answers the demo's calls (demo mode only)")
    List<DemoPhone> list() {
        return calls.phones().stream().map(DemoPhone::of).toList();
    }

    @GetMapping("/{memberId}")
    @Operation(summary = "How a member's phone answers the demo's calls (demo mode only)")
    DemoPhone get(@PathVariable UUID memberId) {
        return DemoPhone.of(calls.phone(memberId));
    }

    @PutMapping("/{memberId}")
    @ApiResponse(responseCode = "200", description = "Set: the member's SIP phone and forwarding number answer so from now on")
    @ApiResponse(responseCode = "422", description = "Nothing set: answers not one of the values, after_seconds out of range or given"
            + " for a phone that does not pick up, or the member has no phone to ring",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @Operation(summary = "Set how a member's phones answer the demo's calls, to try a missed call, a round robin's next member, "
            + "a transfer nobody takes or a cell's own voicemail (demo mode only; an agent their own)")
    DemoPhone set(@PathVariable UUID memberId, @RequestBody Phone body) {
        return DemoPhone.of(calls.setPhone(memberId, body.answers(), body.afterSeconds()));
    }
}
