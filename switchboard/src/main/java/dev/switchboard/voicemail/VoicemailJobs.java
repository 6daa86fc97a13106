package dev.switchboard.voicemail;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The voicemail timers on every node: sending due notifications and purging expired messages. Both
 * are safe to run on many nodes at once. Turned off with {@code switchboard.voicemail.jobs.enabled=false}
 * (the tests run them by hand, in virtual time).
 */
@Component
@ConditionalOnProperty(name = "switchboard.voicemail.jobs.enabled", havingValue = "true", matchIfMissing = true)
class VoicemailJobs {

    private final Deliveries deliveries;
    private final Retention retention;

    VoicemailJobs(Deliveries deliveries, Retention retention) {
        this.deliveries = deliveries;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${switchboard.voicemail.delivery-interval:PT10S}", initialDelayString = "PT15S")
    void deliver() {
        deliveries.deliverDue();
    }

    @Scheduled(fixedDelayString = "${switchboard.voicemail.retention-interval:PT1H}", initialDelayString = "PT2M")
    void purge() {
        retention.purge();
    }
}
