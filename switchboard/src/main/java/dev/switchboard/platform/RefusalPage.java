package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the app's own "check what you entered" page (400) for a request a servlet filter refuses before any
 * controller runs, so it reads as every other refusal, in the app's layout, rather than as a bare page. Implemented
 * by the web module, which owns the layout and its error pages.
 */
public interface RefusalPage {

    /** Writes the page, status 400, listing {@code problem} (said in plain words, never an exception's name). */
    void write(HttpServletRequest request, HttpServletResponse response, String problem) throws IOException;
}
