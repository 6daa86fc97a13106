package dev.switchboard.voicemail;

import dev.switchboard.tenancy.Actor;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Port: which of the calls behind some messages an actor may open in the call log (the calls module's rule: an agent
 * only the calls they answered or were rung for), so the inbox links a message to its call only where that page opens.
 */
public interface CallAccess {

    /** Those of {@code callIds} whose call page {@code actor} may open. */
    Set<UUID> openable(Actor actor, Collection<UUID> callIds);
}
