package dev.switchboard.carrier;

import dev.switchboard.calls.CallReconciler;
import dev.switchboard.simulator.TelnyxSimulator;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * In demo mode the carrier starts empty with the app: the in-process simulator keeps its legs in memory, and those of
 * the calls live when the app stopped went with it. Those calls would stay open ("In progress" on the call log and the
 * test call page), their members busy, until the check against the carrier ends them a period later
 * ({@link CallReconciler}); once the app has started they are ended at once instead, as that check would end them,
 * with nothing sent to the carrier for them ({@link CallReconciler#endCallsTheCarrierLost}). Only calls begun before
 * this simulator was made, none of whose legs it knows. Only in demo mode ({@link DemoCarrierConfiguration}): a real
 * carrier's calls go on through our restart, and are left to its webhooks and that check.
 *
 * <p>Calls do not record which process started them. A call this process's simulator knows a leg of is left alone, so
 * nodes sharing one simulator (as the two-node tests run) leave each other's calls be. Several demo processes on one
 * database, each with a simulator of its own, would end each other's live calls on start; but demo mode does not run
 * that way at all: a call's next command goes through whichever node handles its signal, timer or page, whose
 * simulator knows none of another's legs, and a test call's caller lives in the memory of the node that placed it.
 */
final class DemoCarrierRestart implements ApplicationListener<ApplicationStartedEvent> {

    /** The call's trace line. */
    static final String ENDED = "the demo carrier (the in-process Telnyx simulator) restarted with the app, and this call's legs "
            + "went with it: ended here";

    private static final Logger log = LoggerFactory.getLogger(DemoCarrierRestart.class);

    private final TelnyxSimulator simulator;
    private final CallReconciler reconciler;
    private final Instant started;

    DemoCarrierRestart(TelnyxSimulator simulator, CallReconciler reconciler) {
        this.simulator = simulator;
        this.reconciler = reconciler;
        this.started = simulator.clock().instant();
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        int ended = reconciler.endCallsTheCarrierLost(started, legId -> simulator.leg(legId) != null, ENDED);
        if (ended > 0) {
            log.info("Ended {} call(s) left open when the app last stopped: the demo carrier's legs of them went with it", ended);
        }
    }
}
