package dev.switchboard.carrier;

import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.voicemail.SmsSender;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SmsSender} on the in-process simulator (demo mode): the same request body as
 * {@link TelnyxSmsSender} sends, checked by the simulator against Telnyx's OpenAPI and kept in its
 * list of sent messages.
 */
class SimulatedSmsSender implements SmsSender {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TelnyxSimulator simulator;

    SimulatedSmsSender(TelnyxSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public Result send(String from, String to, String text, String idempotencyKey) {
        var response = simulator.handle("POST", "/v2/messages", JSON.writeValueAsString(TelnyxSmsSender.body(from, to, text)));
        return TelnyxSmsSender.result(response.status(), response.body());
    }
}
