package dev.switchboard.platform;

/**
 * No such thing in the caller's company. Another company's id gets exactly this answer too (404, not
 * 403), so ids cannot be probed.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " not found");
    }

    /** With a sentence of its own, when "not found" needs saying why. */
    public NotFoundException(String message) {
        super(message);
    }
}
