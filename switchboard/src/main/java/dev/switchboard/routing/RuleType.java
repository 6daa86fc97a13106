package dev.switchboard.routing;

/** The six routing strategies of the seed's call_routing_rules. */
public enum RuleType {
    /** Ring one member. */
    DIRECT,
    /** Ring members one at a time, starting after whoever was offered the last call (persisted pointer). */
    ROUND_ROBIN,
    /** Ring all available members at once; the first to answer wins. */
    SIMULTANEOUS,
    /** Play an IVR menu and follow the caller's choice. */
    IVR,
    /** Open: one target; closed: another. */
    BUSINESS_HOURS,
    /** When the call matches the conditions, go to a target; otherwise try the next rule. */
    CONDITIONAL
}
