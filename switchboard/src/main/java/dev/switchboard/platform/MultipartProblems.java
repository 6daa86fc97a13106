package dev.switchboard.platform;

/**
 * What is wrong with an upload (multipart form) the servlet container could not read, said so a person can fix it:
 * a file's name with the NUL character, or one too long for its part's headers. Null when it is only over the size
 * limits (the caller says the limit).
 */
public final class MultipartProblems {

    private MultipartProblems() {
    }

    /** Said of a form over the server's limit on its fields (server.tomcat.max-part-count, max-parameter-count). */
    public static final String TOO_MANY_FIELDS = "The form had too many fields for the server to read (over 1,000), so "
            + "nothing was saved. Go back and send it with fewer (fewer rows or keys filled in), or ask your administrator.";

    /** Whether the container refused the request for having more fields or parts than it takes. */
    public static boolean tooManyFields(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            var message = t.getMessage() == null ? "" : t.getMessage();
            if (t.getClass().getSimpleName().equals("FileCountLimitExceededException")
                    || message.contains("maximum number of request parameters")) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with an upload whose parts could not be read; null when it is only too large. */
    public static String of(Throwable e) {
        var named = named(e);
        if (named != null) {
            return named;
        }
        if (tooManyFields(e)) {
            return TOO_MANY_FIELDS;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("SizeLimitExceeded") || t.getClass().getSimpleName().contains("SizeException")) {
                return null;
            }
        }
        // The container's message, without the exception's name it may begin with (a person cannot act on
        // "org.apache.tomcat...FileUploadException"); nothing of it when what is left still names one.
        var message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        message = message.replaceAll("^(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ?)+", "").strip();
        if (message.isEmpty() || message.matches("(?s).*\\b[\\w.$]*(Exception|Error)\\b.*")) {
            return "the upload could not be read as a form with a file (multipart/form-data): it may have been cut short";
        }
        return "the upload could not be read as a form with a file (multipart/form-data): "
                + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    /**
     * The file's name the container refused (the NUL character, or too long for the part's headers), or null: the
     * container may report the latter as a size over its limits, which it is not.
     */
    public static String named(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            var message = t.getMessage() == null ? "" : t.getMessage();
            if (t.getClass().getSimpleName().equals("InvalidFileNameException")) {
                return "the file's name contains the NUL character, which no file name may have: rename the file and upload it again";
            }
            if (message.contains("Header section has more than")) {
                return "the file's name is too long to read: rename the file with a shorter name and upload it again";
            }
        }
        return null;
    }
}
