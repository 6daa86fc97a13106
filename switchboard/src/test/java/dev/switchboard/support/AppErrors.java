package dev.switchboard.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;

/**
 * Collects the app's ERRORs into a list, from any thread: requests, inline call processing, a second node's deliveries
 * and the scheduled jobs (the webhook sweep, which the tests leave on), whose uncaught failures Spring's scheduler logs.
 * The randomized and fuzz tests attach one to the root logger while they run and fail on what it collected. No test
 * class leaves an event failing on purpose for the sweep (WebhookHandlingFailureTest has its event handled).
 */
public final class AppErrors extends AppenderBase<ILoggingEvent> {

    private final List<String> sink;

    /** @param sink where each error goes, as "[thread] logger: message / exception: its message" (a synchronized list) */
    public AppErrors(List<String> sink) {
        this.sink = sink;
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (e.getLevel().isGreaterOrEqual(Level.ERROR) && (e.getLoggerName().startsWith("dev.switchboard")
                || e.getLoggerName().startsWith("org.springframework.scheduling"))) {
            sink.add("[" + e.getThreadName() + "] " + e.getLoggerName() + ": " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()));
        }
    }
}
