package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A problem document (RFC 9457) as the API writes one where no controller answers (a filter, the security firewall,
 * the servlet container): its detail says what is wrong, its {@code errors} name the part of the request at fault and
 * the rule it broke, as every refusal of a controller's does ({@code ApiExceptionHandler}).
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** The document: {@code detail} is the field and the message, as a controller's single error writes it. */
    public static String document(int status, String title, String instance, String field, String rule, String message) {
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", field + ": " + message);
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("errors", List.of(Map.of("field", field, "rule", rule, "message", message)));
        return JSON.writeValueAsString(problem);
    }

    /** Answers with the document, in UTF-8. */
    public static void write(HttpServletResponse response, int status, String title, String instance, String field, String rule,
            String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(document(status, title, instance, field, rule, message));
    }
}
