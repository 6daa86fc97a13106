package dev.switchboard.platform;

import org.springframework.web.multipart.MultipartFile;

/** A form's file field as a browser sends it. */
public final class FileField {

    private FileField() {
    }

    /**
     * Whether the field holds a file: one chosen, an empty one too (which an upload refuses as "the file is empty"), not
     * the nameless empty part a browser sends for a file field left alone. An empty file chosen was taken as none: the
     * form said it was saved and kept the greeting it had.
     */
    public static boolean chosen(MultipartFile file) {
        return file != null && (!file.isEmpty() || file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank());
    }
}
