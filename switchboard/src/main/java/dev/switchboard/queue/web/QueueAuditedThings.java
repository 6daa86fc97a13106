package dev.switchboard.queue.web;

import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The call queues the activity page names, with their settings page, and their strategy as the queue form says it. */
@Component
class QueueAuditedThings implements AuditedThings {

    /** The queue form's strategies (the words before its colon). */
    static final Map<String, String> STRATEGIES = Map.of("RING_ALL", "Ring all", "ROUND_ROBIN", "Round robin",
            "LONGEST_IDLE", "Longest idle", "FEWEST_CALLS", "Fewest calls", "FIXED_ORDER", "Fixed order");

    /** The queue form's labels (queues/form.html) without their hints in brackets. */
    static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Name"),
            Map.entry("strategy", "Who is offered the next caller"), Map.entry("ring_timeout_seconds", "Ring each offer for"),
            Map.entry("wrap_up_seconds", "Wrap-up after a call"),
            Map.entry("max_missed_offers", "Set a member away after this many missed offers in a row"),
            Map.entry("hold_media_id", "Hold music"), Map.entry("announce_position", "Tell callers their place in line"),
            Map.entry("announce_interval_seconds", "Repeat it every"), Map.entry("max_wait_seconds", "Longest wait"),
            Map.entry("max_callers", "Most callers in line"),
            Map.entry("join_when_empty", "Callers may join when no member is available"),
            Map.entry("callback_enabled", "A waiting caller may ask to be called back"),
            Map.entry("callback_key", "Key to press for a callback"), Map.entry("vip_tag", "Customers tagged go first"),
            Map.entry("vip_priority", "Their priority"), Map.entry("service_level_seconds", "Service level: answered within"),
            Map.entry("short_abandon_seconds", "Hang-ups sooner than are not counted against it"));
    /** An added queue in a few words: who is in it, how they are offered callers, what callers hear. */
    static final List<String> SUMMARY = List.of("name", "strategy", "member_ids", "hold_media_id", "max_wait_seconds",
            "max_wait_target");

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

    @Override
    public String label(String entityType, String field) {
        return entityType.equals("call_queue") ? LABELS.get(field) : null;
    }

    @Override
    public List<String> summary(String entityType) {
        return entityType.equals("call_queue") ? SUMMARY : List.of();
    }
}
