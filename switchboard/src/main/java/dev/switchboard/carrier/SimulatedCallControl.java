package dev.switchboard.carrier;

import dev.switchboard.calls.CallCommand;
import dev.switchboard.calls.CallControl;
import dev.switchboard.simulator.TelnyxSimulator;
import java.util.LinkedHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CallControl} on the in-process simulator: the very same request paths and bodies as
 * {@link TelnyxCallControl} sends over HTTP, checked by the simulator against Telnyx's OpenAPI.
 */
public class SimulatedCallControl implements CallControl {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TelnyxSimulator simulator;
    private final String connectionId;

    public SimulatedCallControl(TelnyxSimulator simulator, String connectionId) {
        this.simulator = simulator;
        this.connectionId = connectionId;
    }

    @Override
    public Result send(String legId, CallCommand command, String commandId, String clientState) {
        var body = TelnyxCallControl.requestBody(command, commandId, clientState);
        var response = simulator.handle("POST", "/v2" + TelnyxCallControl.path(legId, command), JSON.writeValueAsString(body));
        return TelnyxCallControl.result(new TelnyxCallControl.Outcome(response.status(), response.body()), TelnyxCallControl.action(command), legId);
    }

    @Override
    public DialResult dial(String from, String to, int timeoutSeconds, String linkTo, String commandId, String clientState) {
        var body = new LinkedHashMap<String, Object>();
        body.put("connection_id", connectionId);
        body.put("from", from);
        body.put("to", to);
        body.put("timeout_secs", timeoutSeconds);
        if (linkTo != null) {
            body.put("link_to", linkTo);
        }
        body.put("command_id", commandId);
        if (clientState != null) {
            body.put("client_state", java.util.Base64.getEncoder().encodeToString(clientState.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        var response = simulator.handle("POST", "/v2/calls", JSON.writeValueAsString(body));
        var result = TelnyxCallControl.result(new TelnyxCallControl.Outcome(response.status(), response.body()), "dial", to);
        if (!(result instanceof Result.Ok)) {
            return new DialResult(result, null);
        }
        return new DialResult(result, JSON.readTree(response.body()).path("data").path("call_control_id").asString());
    }

    @Override
    public LegStatus status(String legId) {
        var response = simulator.handle("GET", "/v2/calls/" + java.net.URLEncoder.encode(legId, java.nio.charset.StandardCharsets.UTF_8), null);
        return TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(response.status(), response.body()));
    }
}
