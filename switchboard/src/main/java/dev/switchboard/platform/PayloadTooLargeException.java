package dev.switchboard.platform;

/** A request body over the limit; answered with 413 before anything is read into the app. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
    }
}
