package dev.switchboard.carrier;

import dev.switchboard.calls.CallCommand;
import dev.switchboard.calls.CallControl;
import dev.switchboard.simulator.TelnyxSimulator;
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
    public DialResult dial(String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo, String commandId,
            String clientState, boolean detectMachine) {
        var body = TelnyxCallControl.dialBody(connectionId, from, fromDisplayName, to, timeoutSeconds, linkTo, commandId, clientState,
                detectMachine);
        var response = simulator.handle("POST", "/v2/calls", JSON.writeValueAsString(body));
        return TelnyxCallControl.dialResult(new TelnyxCallControl.Outcome(response.status(), response.body()), to);
    }

    @Override
    public LegStatus status(String legId) {
        var response = simulator.handle("GET", "/v2" + TelnyxCallControl.statusPath(legId), null);
        return TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(response.status(), response.body()));
    }
}
