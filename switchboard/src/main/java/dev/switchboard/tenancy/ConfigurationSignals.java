package dev.switchboard.tenancy;

import dev.switchboard.platform.NodeSignals;
import dev.switchboard.shared.CompanyId;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells every node of a configuration change ({@link AuditLog#record} sends it with the change's transaction), so that
 * a change made on one node is followed at once by calls the others handle: each node publishes what it hears as
 * {@link ConfigurationChangedOnAnyNode}, and its caches drop the company's configuration.
 */
@Component
class ConfigurationSignals {

    static final String TOPIC = "configuration";

    private final NodeSignals signals;
    private final ApplicationEventPublisher events;

    ConfigurationSignals(NodeSignals signals, ApplicationEventPublisher events) {
        this.signals = signals;
        this.events = events;
    }

    /** Every node hears that {@code company}'s configuration changed, when the current transaction commits. */
    void sendOnCommit(CompanyId company) {
        signals.sendOnCommit(TOPIC, company.value().toString());
    }

    @EventListener
    void heard(NodeSignals.Received signal) {
        if (!TOPIC.equals(signal.topic())) {
            return;
        }
        CompanyId company;
        try {
            company = new CompanyId(UUID.fromString(signal.body()));
        } catch (IllegalArgumentException e) {
            company = null; // not ours to read: whatever it was, assume anything changed
        }
        events.publishEvent(new ConfigurationChangedOnAnyNode(company));
    }

    @EventListener
    void missed(NodeSignals.Missed missed) {
        events.publishEvent(new ConfigurationChangedOnAnyNode(null));
    }
}
