package dev.switchboard.platform;

/** The signed-in user's role does not allow this; answered with 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
