package dev.switchboard.directory;

import dev.switchboard.tenancy.Actor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's calls as their page lists them, without the directory depending on the call log: the calls module
 * implements it. An agent gets only the calls they took part in, as on the call log.
 */
public interface CustomerCalls {

    /**
     * One call of the customer: enough to list it and link to its page; {@code leftMessage} when the caller left a
     * voicemail message (not deleted), with its {@code transcription} when the asker may read it (null otherwise, or
     * none yet).
     */
    record Call(UUID id, Instant startedAt, String direction, String fromNumber, String outcome, UUID answeredBy,
            Integer durationSeconds, boolean leftMessage, String transcription) {
    }

    /** The customer's latest {@code limit} calls that {@code actor} may open, newest first. */
    List<Call> recent(Actor actor, UUID customerId, int limit);

    /**
     * Links to customer {@code customerId} the earlier calls with one of {@code numbers} (E.164) on the other end that are
     * linked to no customer (they came before anyone had the number); returns how many.
     */
    int linkUnlinked(UUID customerId, java.util.Collection<String> numbers);
}
