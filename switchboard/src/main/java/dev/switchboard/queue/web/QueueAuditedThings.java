package dev.switchboard.queue.web;

import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The call queues the activity page names, with their settings page. */
@Component
class QueueAuditedThings implements AuditedThings {

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
}
