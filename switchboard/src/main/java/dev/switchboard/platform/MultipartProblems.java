package dev.switchboard.platform;

/**
 * What is wrong with an upload (multipart form) the servlet container could not read, said so a person can fix it:
 * a file's name with the NUL character, or one too long for its part's headers. Null when it is only over the size
 * limits (the caller says the limit).
 */
public final class MultipartProblems {

    private MultipartProblems() {
    }

    /** What is wrong with an upload whose parts could not be read; null when it is only too large. */
    public static String of(Throwable e) {
        var named = named(e);
        if (named != null) {
            return named;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("SizeLimitExceeded") || t.getClass().getSimpleName().contains("SizeException")) {
                return null;
            }
        }
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
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
