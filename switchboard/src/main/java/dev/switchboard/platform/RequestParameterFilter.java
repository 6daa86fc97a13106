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
 * parameter is first read (deep in a handler, or in the CSRF check, as a 500), or the NUL character, which no
 * field takes and PostgreSQL cannot store. It runs before security and every handler, so nothing is done with
 * such a request. An upload's parts are read here too (within the upload limits), as the CSRF check would read them
 * next: a file's name the container refuses (the NUL character) is named here rather than a 500 from that check.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestParameterFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var problem = problem(request);
        if (problem != null) {
            refuse(request, response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the request's parameters, or null. */
    static String problem(HttpServletRequest request) {
        var type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        boolean multipart = type.startsWith("multipart/");
        if (multipart && queryProblem(request.getQueryString()) != null) {
            return queryProblem(request.getQueryString());
        }
        if (multipart && request.getRequestURI().startsWith("/api/")) {
            // Not read before the bearer token is checked: anyone could make the server read and store up to the
            // multipart limit. The API needs no CSRF check; its parts are read by the handler, and a name the container
            // refuses is named then (MultipartProblems, through the web's upload refusals).
            return null;
        }
        Map<String, String[]> parameters;
        try {
            // For an upload this reads its parts (within the upload limits), as the CSRF check would next. A part the
            // container cannot take (a file's name with the NUL character) throws here, not as a 500 from that check;
            // parts over the limits are left for the upload's handler to refuse (they read as no parameters here).
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

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
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
        } else {
            // A page of its own: the error page says only the status, and this one says what to fix.
            response.setStatus(400);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bad request</title></head>"
                    + "<body><main><h1>That request could not be read</h1><p>" + org.springframework.web.util.HtmlUtils.htmlEscape(detail)
                    + "</p><p><a href=\"/\">Back to the home page</a></p></main></body></html>");
        }
    }
}
