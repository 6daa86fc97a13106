package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandValidatorTest {

    static final CommandValidator VALIDATOR = new CommandValidator();

    @Test
    void aValidSpeakPasses() {
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/speak",
                "{\"payload\":\"Hello\",\"voice\":\"female\",\"language\":\"en-US\",\"command_id\":\"c1\"}")).isEmpty();
    }

    @Test
    void aSpeakWithoutItsRequiredFieldsFails() {
        var problems = VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/speak", "{\"language\":\"en-US\"}");
        assertThat(problems).isNotEmpty();
        assertThat(problems.toString()).contains("payload");
    }

    @Test
    void aBadEnumOrAnUnknownActionFails() {
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/reject", "{\"cause\":\"BECAUSE\"}")).isNotEmpty();
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/teleport", "{}")).isNotEmpty();
        assertThat(VALIDATOR.check("POST", "/v2/calls", "{\"from\":\"+13125550100\",\"to\":\"+13125550101\"}")).isNotEmpty();
        assertThat(VALIDATOR.check("POST", "/v2/calls", "{\"connection_id\":\"c\",\"from\":\"+13125550100\",\"to\":\"+13125550101\"}")).isEmpty();
    }
}
