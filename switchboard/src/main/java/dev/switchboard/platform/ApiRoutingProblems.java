package dev.switchboard.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API request refused before any controller took it (no handler for its content type, method or path: a PATCH
 * sent as {@code text/plain} to an endpoint that declares what it consumes, a GET of a POST-only URL, a path that does
 * not exist) is answered as every other API error, an RFC 9457 problem document: {@link ApiExceptionHandler} applies
 * only to the API's controllers, and without a controller these got Spring Boot's own error body
 * ({@code timestamp, status, error, path}). Pages keep their error pages.
 */
@Component
class ApiRoutingProblems implements HandlerExceptionResolver, Ordered {

    private final JsonMapper json;

    ApiRoutingProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        // Only the refusals of routing: an upload too large, also refused before any handler, keeps its own answer.
        boolean routing = ex instanceof org.springframework.web.HttpMediaTypeNotSupportedException
                || ex instanceof org.springframework.web.HttpRequestMethodNotSupportedException
                || ex instanceof org.springframework.web.HttpMediaTypeNotAcceptableException
                || ex instanceof org.springframework.web.servlet.resource.NoResourceFoundException
                || ex instanceof org.springframework.web.servlet.NoHandlerFoundException;
        if (!routing || handler instanceof HandlerMethod || !(ex instanceof ErrorResponse error) || !request.getRequestURI().startsWith("/api/")
                || response.isCommitted()) {
            return null;
        }
        var problem = error.getBody();
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        // The same shape as every other refusal: a type, and errors naming the part of the request at fault.
        problem.setType(URI.create("about:blank"));
        if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
            var fault = fault(ex, request);
            if (fault != null) {
                problem.setDetail(fault.field() + ": " + fault.message());
                problem.setProperty("errors", java.util.List.of(fault));
            }
        }
        response.setStatus(error.getStatusCode().value());
        error.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType("application/problem+json");
        try {
            response.getOutputStream().write(json.writeValueAsBytes(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelAndView();
    }

    /** The part of the request a routing refusal is about, and why, in the API's words. */
    private static FieldProblem fault(Exception ex, HttpServletRequest request) {
        return switch (ex) {
            case org.springframework.web.HttpRequestMethodNotSupportedException m -> new FieldProblem("method", "supported",
                    "'" + m.getMethod() + "' is not taken at " + request.getRequestURI()
                            + (m.getSupportedMethods() == null ? "" : "; use " + String.join(" or ", m.getSupportedMethods())));
            case org.springframework.web.HttpMediaTypeNotAcceptableException a -> new FieldProblem("Accept", "supported",
                    "'" + String.valueOf(request.getHeader("Accept")) + "' cannot be answered here"
                            + (a.getSupportedMediaTypes().isEmpty() ? "" : "; accept " + a.getSupportedMediaTypes().stream()
                                    .map(Object::toString).distinct().collect(java.util.stream.Collectors.joining(" or "))));
            case org.springframework.web.servlet.resource.NoResourceFoundException n -> new FieldProblem("address", "exists",
                    "there is no " + request.getRequestURI() + " in the API (see /v3/api-docs)");
            case org.springframework.web.servlet.NoHandlerFoundException n -> new FieldProblem("address", "exists",
                    "there is no " + request.getRequestURI() + " in the API (see /v3/api-docs)");
            default -> null;
        };
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
