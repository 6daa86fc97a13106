package dev.switchboard.platform;

/**
 * A page's form that takes a file, declared as a bean by the module that owns it: what the shared "too large" page says
 * to someone whose file, posted to {@code path}, went over the multipart limit (20 MB). Such a file is refused before
 * any form sees it, so without this the page could only speak of files in general (it spoke of audio files only).
 *
 * @param path the address the form posts to, without its query (the upload forms carry their token there)
 * @param tooLarge the page's words: the form's own limit and what to do
 */
public record UploadForm(String path, String tooLarge) {
}
