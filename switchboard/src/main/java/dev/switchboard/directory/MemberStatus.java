package dev.switchboard.directory;

/** What a person says about themselves. Only {@link #AVAILABLE} members are offered calls. */
public enum MemberStatus {
    AVAILABLE, AWAY, OFFLINE
}
