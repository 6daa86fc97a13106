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
    private final dev.switchboard.voicemail.Voicemails voicemails;

    CustomerCallHistory(CallLogs logs, dev.switchboard.voicemail.Voicemails voicemails) {
        this.logs = logs;
        this.voicemails = voicemails;
    }

    /**
     * The calls, each saying whether the caller left a message (not deleted) and its transcription, which an agent reads
     * only of a message in their own box or the general one, as in the inbox.
     */
    @Override
    public List<Call> recent(Actor actor, UUID customerId, int limit) {
        var filter = new CallLogs.Filter(null, null, CallLogs.memberFilter(actor, null), null, null, null, customerId, null,
                null, limit);
        var entries = logs.list(filter);
        var messages = voicemails.byIds(entries.stream().map(CallLogs.Entry::voicemailId).filter(java.util.Objects::nonNull).toList());
        return entries.stream()
                .map(e -> {
                    var message = e.voicemailId() == null ? null : messages.get(e.voicemailId());
                    boolean readable = message != null && (actor.role() != dev.switchboard.tenancy.Role.AGENT
                            || message.memberId() == null || message.memberId().equals(actor.memberId()));
                    return new Call(e.id(), e.startedAt(), e.direction(), e.fromNumber(), e.outcome(), e.answeredBy(),
                            e.durationSeconds(), message != null, readable ? message.transcription() : null);
                })
                .toList();
    }

    @Override
    public int linkUnlinked(UUID customerId, java.util.Collection<String> numbers) {
        return logs.linkUnlinked(customerId, numbers);
    }
}
