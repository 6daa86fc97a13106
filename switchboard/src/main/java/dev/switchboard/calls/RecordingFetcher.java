package dev.switchboard.calls;

/** Downloads a recording from the carrier's URL (which expires), so it can be kept in media storage. */
@FunctionalInterface
public interface RecordingFetcher {

    /** The bytes at {@code url}; throws when they cannot be had. */
    byte[] fetch(String url);
}
