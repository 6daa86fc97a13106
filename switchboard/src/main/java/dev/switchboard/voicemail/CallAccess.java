package dev.switchboard.voicemail;

import dev.switchboard.tenancy.Actor;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Port: which of the calls behind some messages an actor may open in the call log (the calls module's rule: an agent
 * only the calls they answered or were rung for), so the inbox links a message to its call only where that page opens;
 * and what the carrier said of a message's transcription that brought no text (in the call's journey).
 */
public interface CallAccess {

    /** Those of {@code callIds} whose call page {@code actor} may open. */
    Set<UUID> openable(Actor actor, Collection<UUID> callIds);

    /**
     * Of {@code callIds}, those whose recording the carrier reported as transcribed without text, with what that was
     * ({@link TranscriptionStatus#NO_WORDS} or {@link TranscriptionStatus#NOT_AVAILABLE}, when it failed).
     */
    java.util.Map<UUID, TranscriptionStatus> transcribedWithoutText(Collection<UUID> callIds);
}
