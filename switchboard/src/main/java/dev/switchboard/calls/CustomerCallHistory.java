package dev.switchboard.calls;

import dev.switchboard.directory.CustomerCalls;
import dev.switchboard.tenancy.Actor;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The directory's customer pages ask here for a customer's calls: the call log, held to what the actor may see. */
@Component
class CustomerCallHistory implements CustomerCalls {

    private final CallLogs logs;

    CustomerCallHistory(CallLogs logs) {
        this.logs = logs;
    }

    @Override
    public List<Call> recent(Actor actor, UUID customerId, int limit) {
        var filter = new CallLogs.Filter(null, null, CallLogs.memberFilter(actor, null), null, null, null, customerId, null,
                null, limit);
        return logs.list(filter).stream()
                .map(e -> new Call(e.id(), e.startedAt(), e.direction(), e.fromNumber(), e.outcome(), e.answeredBy(),
                        e.durationSeconds()))
                .toList();
    }

    @Override
    public int linkUnlinked(UUID customerId, java.util.Collection<String> numbers) {
        return logs.linkUnlinked(customerId, numbers);
    }
}
