package dev.switchboard.routing;

/**
 * Implemented by the calls module (which keeps the list of callers who texted STOP), so the General tab's text-back
 * section can say how many there are, and link to them, without routing depending on calls.
 */
public interface TextBackOptOuts {

    /** Where the list is shown, read-only. */
    String PAGE = "/settings/communications/phone/text-opt-outs";

    /** How many callers the current company may not text back (they texted STOP and not START since). */
    long optedOutCount();
}
