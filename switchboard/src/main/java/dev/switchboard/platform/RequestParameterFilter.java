package dev.switchboard.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, with 400 and what is wrong, a request whose query string or form fields cannot be read: a broken
 * percent-escape ({@code %zz}, or bytes that are not UTF-8), which the servlet container reports only when a
 * parameter is first read (deep in a handler, or in the CSRF check, as a 500), the NUL character, which no
 * field takes and PostgreSQL cannot store, or another control character ({@link Text}: ESC, BEL, DEL, C1; tab and
 * line breaks are allowed). It runs before security and every handler, so nothing is done with
 * such a request. An upload's (multipart) query string is checked here, but not its parts: reading them means
 * reading and storing the whole upload, which is not done for someone not yet known to be signed in (see
 * {@link UploadFieldsFilter}, which checks them once security has let the upload through).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestParameterFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final org.springframework.beans.factory.ObjectProvider<RefusalPage> pages;

    RequestParameterFilter(org.springframework.beans.factory.ObjectProvider<RefusalPage> pages) {
        this.pages = pages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var problem = problem(request);
        if (problem != null) {
            refuse(request, response, problem, pages.getIfAvailable());
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the request's parameters, or null; an upload's parts are left for {@link UploadFieldsFilter}. */
    static String problem(HttpServletRequest request) {
        if (isMultipart(request)) {
            // Its parts are not read before security: anyone could make the server read and store up to the multipart
            // limit (the CSRF check no longer reads them either). The query string is read without them.
            return queryProblem(request.getQueryString());
        }
        return fieldsProblem(request);
    }

    static boolean isMultipart(HttpServletRequest request) {
        var type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /**
     * What is wrong with the request's fields, or null. For an upload this reads its parts (within the upload limits):
     * a part the container cannot take (a file's name with the NUL character) is named here, not as a 500 later;
     * parts over the limits are left for the upload's handler to refuse (they read as no parameters here).
     */
    static String fieldsProblem(HttpServletRequest request) {
        boolean multipart = isMultipart(request);
        if (multipart && queryProblem(request.getQueryString()) != null) {
            return queryProblem(request.getQueryString());
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            if (multipart) {
                // Null for an upload over the size limits: its handler refuses it, saying the limit.
                return MultipartProblems.of(e);
            }
            if (!(e instanceof IllegalStateException || e instanceof IllegalArgumentException)) {
                throw e;
            }
            // Tomcat's InvalidParameterException (an IllegalStateException) or a decoder's complaint.
            if (MultipartProblems.tooManyFields(e)) {
                return MultipartProblems.TOO_MANY_FIELDS;
            }
            var query = queryProblem(request.getQueryString());
            return query != null ? query : "the form's fields are not readable: a broken percent-escape or text that is not UTF-8";
        }
        for (var entry : parameters.entrySet()) {
            if (entry.getKey().indexOf('\0') >= 0) {
                return "a parameter's name contains the NUL character (%00)";
            }
            for (var value : entry.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return "'" + entry.getKey() + "' contains the NUL character (%00), which no field takes";
                }
                // Text's rule, as for a JSON body; a form field may hold tab and line breaks here (a text area's lines:
                // which fields are text areas is the handler's to say, and OneLineFormFields refuses them in the others).
                int control = Text.controlCharacter(value, true);
                if (control >= 0) {
                    return "'" + entry.getKey() + "' " + Text.message(control);
                }
            }
        }
        return null;
    }

    /** A query string's broken percent-escape or invalid UTF-8, named; null when it reads. */
    static String queryProblem(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (var part : query.split("&")) {
            try {
                var decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
                if (decoded.indexOf('\uFFFD') >= 0 && !part.contains("%EF%BF%BD") && !part.contains("%ef%bf%bd")) {
                    return "the query string's '" + shorten(part) + "' is not UTF-8 once its percent-escapes are decoded";
                }
                if (decoded.indexOf('\0') >= 0) {
                    return "the query string's '" + shorten(part) + "' contains the NUL character (%00), which no field takes";
                }
            } catch (IllegalArgumentException e) {
                return "the query string's '" + shorten(part) + "' has a broken percent-escape (a % must be followed by two hex digits)";
            }
        }
        return null;
    }

    private static String shorten(String part) {
        return part.length() > 40 ? part.substring(0, 40) + "…" : part;
    }

    /** A request that could not be read, said in a page of its own (no shell: nothing of the app ran for it). */
    static String plainPage(String title, String detail) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + org.springframework.web.util.HtmlUtils.htmlEscape(title)
                + "</title></head><body><main><h1>That request could not be read</h1><p>" + org.springframework.web.util.HtmlUtils.htmlEscape(detail)
                + "</p><p><a href=\"/\">Back to the home page</a></p></main></body></html>";
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, String detail, RefusalPage page)
            throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            var problem = new java.util.LinkedHashMap<String, Object>();
            problem.put("type", "about:blank");
            problem.put("title", "Malformed request");
            problem.put("status", 400);
            problem.put("detail", detail);
            problem.put("instance", request.getRequestURI());
            response.setStatus(400);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSON.writeValueAsString(problem));
        } else if (page != null) {
            // The app's own "check what you entered" page, saying what to fix.
            page.write(request, response, detail);
        } else {
            response.setStatus(400);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(plainPage("Bad request", detail));
        }
    }
}
