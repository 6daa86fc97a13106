package dev.switchboard.routing;

/**
 * The six routing strategies of the seed's call_routing_rules, each with the words the rule form offers it by (the
 * words before its colon), which the rules list, the Activity page and a call's trace say too: the setup wizard's words
 * ("Everyone at once", "One person"), so an owner reads one name for one thing.
 */
public enum RuleType {
    /** Ring one member. */
    DIRECT("One person"),
    /** Ring members one at a time, starting after whoever was offered the last call (persisted pointer). */
    ROUND_ROBIN("Round robin"),
    /** Ring all available members at once; the first to answer wins. */
    SIMULTANEOUS("Everyone at once"),
    /** Play an IVR menu and follow the caller's choice. */
    IVR("IVR menu"),
    /** Open: one target; closed: another. */
    BUSINESS_HOURS("Business hours"),
    /** When the call matches the conditions, go to a target; otherwise try the next rule. */
    CONDITIONAL("Conditional");

    private final String label;

    RuleType(String label) {
        this.label = label;
    }

    /** In the rule form's words ("IVR menu", "Round robin"), never the code ("IVR", "ROUND_ROBIN"). */
    public String label() {
        return label;
    }
}
