package dev.switchboard.carrier;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test calls in demo mode: a person (or a script) places a simulated call to one of the company's own
 * numbers, presses digits and hangs up. Not available with a real carrier. The work is {@link TestCalls}'s.
 */
@RestController
@RequestMapping("/api/v1/simulator/calls")
@Tag(name = "Demo: simulated calls")
class SimulatorApi {

    private final TestCalls calls;

    SimulatorApi(TestCalls calls) {
        this.calls = calls;
    }

    record PlaceCall(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String from,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String to) {
    }

    record Placed(String id, String from, String to, String state, List<String> heard) {
        static Placed of(TestCalls.Placed p) {
            return new Placed(p.id(), p.from(), p.to(), p.state(), p.heard());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Place a simulated call from any number to one of the company's numbers (demo mode only)")
    Placed place(@RequestBody PlaceCall body) {
        return Placed.of(calls.place(body.from(), body.to()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A simulated call's state and every prompt the caller has heard so far (demo mode only)")
    Placed get(@PathVariable String id) {
        return Placed.of(calls.get(id));
    }

    record Digits(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String digits) {
    }

    @PostMapping("/{id}/digits")
    @ApiResponse(responseCode = "200", description = "Pressed")
    @ApiResponse(responseCode = "409", description = "Not pressed, nothing sent: state, naming digits: the call is not answered "
            + "yet, or is over",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @Operation(summary = "The test caller presses keys (1 to 20 of 0-9, * and #) on an answered call, as for a menu or a "
            + "PIN (demo mode only)")
    Placed press(@PathVariable String id, @RequestBody Digits body) {
        return Placed.of(calls.press(id, body.digits()));
    }

    @PostMapping("/{id}/hangup")
    @ApiResponse(responseCode = "200", description = "Hung up")
    @ApiResponse(responseCode = "409", description = "Nothing hung up: state, naming call: the call (or that phone's call) is "
            + "already over, or that phone has not answered yet",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @Operation(summary = "The test caller hangs up; or, given a leg of one of the company's calls (its detail's legs), the "
            + "person who answered that phone (a member's, or a click-to-call's number) does")
    Placed hangUp(@PathVariable String id) {
        return Placed.of(calls.hangUp(id));
    }
}
