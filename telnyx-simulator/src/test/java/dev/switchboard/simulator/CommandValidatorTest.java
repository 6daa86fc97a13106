package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    @Test
    void eachFailureSaysItsKindAndWhere() {
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/speak", "{\"voice\":\"female\"}"))
                .extracting(CommandValidator.Problem::kind, CommandValidator.Problem::pointer)
                .containsExactly(tuple(CommandValidator.Kind.MISSING, "/payload"));
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/reject", "{\"cause\":\"BECAUSE\"}"))
                .extracting(CommandValidator.Problem::kind, CommandValidator.Problem::pointer)
                .containsExactly(tuple(CommandValidator.Kind.NOT_IN_ENUM, "/cause"));
        assertThat(VALIDATOR.check("POST", "/v2/calls", "{\"connection_id\":\"c\",\"from\":\"+13125550100\",\"to\":\"+13125550101\","
                + "\"time_limit_secs\":10}"))
                .extracting(CommandValidator.Problem::kind, CommandValidator.Problem::pointer)
                .containsExactly(tuple(CommandValidator.Kind.OUT_OF_RANGE, "/time_limit_secs"));
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/speak", "{\"payload\":7,\"voice\":\"female\"}"))
                .extracting(CommandValidator.Problem::kind, CommandValidator.Problem::pointer)
                .containsExactly(tuple(CommandValidator.Kind.INVALID, "/payload"));
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/speak", "{not json")).extracting(CommandValidator.Problem::kind)
                .containsExactly(CommandValidator.Kind.NOT_JSON);
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/teleport", "{}")).extracting(CommandValidator.Problem::kind)
                .containsExactly(CommandValidator.Kind.NO_ENDPOINT);
    }

    @Test
    void aRequestIsMatchedToItsOperationByPathAndMethod() {
        // A parameter as the last segment, a wrong method on a known path, a known action on a path too long or short.
        assertThat(VALIDATOR.check("GET", "/v2/calls/v3:abc", null)).isEmpty();
        assertThat(VALIDATOR.check("DELETE", "/v2/calls/v3:abc/actions/answer", "{}").toString())
                .contains("DELETE is not allowed on /calls/{call_control_id}/actions/answer");
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/x/actions/answer", "{}").toString()).contains("no such endpoint");
        assertThat(VALIDATOR.check("POST", "/v2/calls/actions/answer", "{}").toString()).contains("no such endpoint");
        assertThat(VALIDATOR.check("POST", "/v2/calls/v3:abc/actions/answer/", "{}").toString()).contains("no such endpoint");
        assertThat(VALIDATOR.check("POST", "/v2/calls//actions/answer", "{}").toString()).contains("no such endpoint");
    }
}
