package dev.switchboard.directory;

/** What the system knows a member is doing; changed only by the call engine. */
public enum MemberState {
    IDLE, RINGING, ON_CALL, WRAP_UP
}
