package dev.switchboard.carrier;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test texts in demo mode: a simulated person texts one of the company's numbers (STOP to opt out of missed-call
 * text-backs, START to opt back in). Not available with a real carrier. The work is {@link TestCalls}'s.
 */
@RestController
@RequestMapping("/api/v1/simulator/texts")
@Tag(name = "Demo: simulated calls")
class SimulatorTextsApi {

    private final TestCalls calls;

    SimulatorTextsApi(TestCalls calls) {
        this.calls = calls;
    }

    record SendText(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String from,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String to,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @dev.switchboard.platform.Text.MultiLine String text) {
    }

    record Texted(String id, String from, String to, String text) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Text one of the company's numbers from any number, as a caller would (demo mode only)")
    Texted send(@RequestBody SendText body) {
        var t = calls.text(body.from(), body.to(), body.text());
        return new Texted(t.id(), t.from(), t.to(), t.text());
    }
}
