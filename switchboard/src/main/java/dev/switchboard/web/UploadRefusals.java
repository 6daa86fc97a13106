package dev.switchboard.web;

import dev.switchboard.platform.MultipartProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * An upload (multipart form) the servlet container could not read, mostly one over the multipart limit (20 MB, sent
 * without a length or to a page). It fails before any handler is chosen, so neither the API's problem documents nor
 * the pages' refusals (both limited to their controllers) apply, and the API's answer was a blank 413. Here: the API
 * gets a problem document naming what is wrong, a page a page saying it; nothing was done with the request. (On a
 * page, a file's name the container refuses is named before, by the platform's UploadFieldsFilter, once security has
 * let the upload through; on the API, here, once the bearer token has been checked.)
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadRefusals {

    /** The page's words for a form that has not said its own ({@link dev.switchboard.platform.UploadForm}): the audio uploads. */
    static final String TOO_LARGE_PAGE = "The file is too large: audio files are at most 5 MB, and a file over 20 MB is refused "
            + "before it reaches the form. Go back and choose a smaller file.";

    /** The API's words for an endpoint that has not said its own: the audio uploads. */
    static final String API_TOO_LARGE = "the upload is larger than 20 MB (audio files are at most 5 MB)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebPages pages;

    UploadRefusals(WebPages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(MultipartException.class)
    ModelAndView unreadableUpload(MultipartException e, HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        boolean api = request.getRequestURI().startsWith("/api/");
        String problem = problem(e);
        if (problem == null) {
            if (api) {
                write(response, 413, "Request body too large", "file", "size", pages.tooLarge(request, API_TOO_LARGE), request);
                return null;
            }
            response.setStatus(413);
            pages.shell(model);
            return new ModelAndView("error/413", Map.of("message", pages.tooLarge(request)));
        }
        if (api) {
            write(response, 400, "Malformed request", "file", "multipart", problem, request);
            return null;
        }
        response.setStatus(400);
        pages.shell(model);
        return new ModelAndView("error/400", Map.of("problems", List.of(problem)));
    }

    /** What is wrong with an upload that is not simply too large (null when it is). */
    static String problem(MultipartException e) {
        var named = MultipartProblems.named(e);
        if (named != null || e instanceof MaxUploadSizeExceededException) {
            return named;
        }
        return MultipartProblems.of(e);
    }

    private static void write(HttpServletResponse response, int status, String title, String field, String rule, String message,
            HttpServletRequest request) throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", field + ": " + message);
        body.put("instance", request.getRequestURI());
        body.put("errors", List.of(Map.of("field", field, "rule", rule, "message", message)));
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
