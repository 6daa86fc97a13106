package dev.switchboard.platform;

/** A request body over the limit; answered with 413 before anything is read into the app. */
public class PayloadTooLargeException extends RuntimeException {

    private final String field;

    public PayloadTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
        this.field = null;
    }

    /** An endpoint's own limit, in its words ({@link UploadForm#tooLarge}), about {@code field} ({@code file}, {@code body}). */
    public PayloadTooLargeException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that is too large, null when it is the request as a whole. */
    public String field() {
        return field;
    }
}
