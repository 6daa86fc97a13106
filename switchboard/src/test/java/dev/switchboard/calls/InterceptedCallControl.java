package dev.switchboard.calls;

import dev.switchboard.carrier.SimulatedCallControl;
import dev.switchboard.simulator.TelnyxSimulator;

/**
 * The simulator's call control with every command sent passed through a test's {@link Sender} first (to note it,
 * or to answer as the carrier would refuse it); dials and status go straight to the simulator.
 */
final class InterceptedCallControl implements CallControl {

    /** Sends {@code command}, usually by handing it on to {@code carrier}. */
    @FunctionalInterface
    interface Sender {
        Result send(CallControl carrier, String legId, CallCommand command, String commandId, String clientState);
    }

    private final CallControl carrier;
    private final Sender sender;

    InterceptedCallControl(TelnyxSimulator simulator, Sender sender) {
        this.carrier = new SimulatedCallControl(simulator, "demo-connection");
        this.sender = sender;
    }

    @Override
    public Result send(String legId, CallCommand command, String commandId, String clientState) {
        return sender.send(carrier, legId, command, commandId, clientState);
    }

    @Override
    public DialResult dial(String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo, String commandId,
            String clientState, boolean detectMachine) {
        return carrier.dial(from, fromDisplayName, to, timeoutSeconds, linkTo, commandId, clientState, detectMachine);
    }

    @Override
    public LegStatus status(String legId) {
        return carrier.status(legId);
    }
}
