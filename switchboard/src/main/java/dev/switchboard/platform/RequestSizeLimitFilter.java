package dev.switchboard.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API bodies over the limit with 413 before they are read. A declared length over the limit is
 * refused at once; uploads (multipart, CSV) have their own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long jsonLimit;
    private final long uploadLimit;

    RequestSizeLimitFilter(@Value("${switchboard.api.max-body-bytes:262144}") long jsonLimit,
            @Value("${switchboard.api.max-upload-bytes:6291456}") long uploadLimit) {
        this.jsonLimit = jsonLimit;
        this.uploadLimit = uploadLimit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        long limit = type.startsWith("multipart/") || type.startsWith("text/csv") ? uploadLimit : jsonLimit;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,"
                    + "\"detail\":\"request body is larger than " + limit + " bytes\",\"instance\":\""
                    + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
