package dev.switchboard.queue.web;

import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The call queues the activity page names, with their settings page, and their strategy as the queue form says it. */
@Component
class QueueAuditedThings implements AuditedThings {

    /** The queue form's strategies (the words before its colon). */
    static final Map<String, String> STRATEGIES = Map.of("RING_ALL", "Ring all", "ROUND_ROBIN", "Round robin",
            "LONGEST_IDLE", "Longest idle", "FEWEST_CALLS", "Fewest calls", "FIXED_ORDER", "Fixed order");

    private final Queues queues;

    QueueAuditedThings(Queues queues) {
        this.queues = queues;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        if (entityType.equals("call_queue")) {
            queues.list().stream().filter(q -> ids.contains(q.id().toString()))
                    .forEach(q -> found.put(q.id().toString(), new Shown(q.name(), QueuesPage.URL + "/" + q.id())));
        }
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        return entityType.equals("call_queue") && field.equals("strategy") ? STRATEGIES.get(value) : null;
    }
}
