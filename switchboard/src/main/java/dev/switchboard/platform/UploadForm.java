package dev.switchboard.platform;

/**
 * A page's form that takes a file, declared as a bean by the module that owns it: what the shared "too large" page says
 * to someone whose file, posted to {@code path}, went over the multipart limit (20 MB). Such a file is refused before
 * any form sees it, so without this the page could only speak of files in general (it spoke of audio files only).
 *
 * An API endpoint that takes a file declares one too ({@code /api/v1/...}, its words those of its problem document), with
 * its own limit: a body declaring a length over it is refused with those words before it is read.
 *
 * @param path the address the form posts to, without its query (the upload forms carry their token there)
 * @param tooLarge the page's words: the form's own limit and what to do
 * @param maxBytes the endpoint's own limit; 0 for none below the platform's (a page's form checks its own)
 */
public record UploadForm(String path, String tooLarge, long maxBytes) {

    /** A form that checks its own limit once it has the file. */
    public UploadForm(String path, String tooLarge) {
        this(path, tooLarge, 0);
    }
}
