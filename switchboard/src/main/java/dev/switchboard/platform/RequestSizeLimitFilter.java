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
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API bodies over the limit with 413 before they are read. A declared length over the limit is
 * refused at once; uploads (multipart, CSV) have their own, larger limit, and an endpoint that declared its own
 * ({@link UploadForm#maxBytes}, the customer import's 5 MB) has that, refused in its words.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long jsonLimit;
    private final long uploadLimit;
    private static final long MULTIPART_HEADERS = 64 * 1024;
    private final org.springframework.beans.factory.ObjectProvider<UploadForm> endpoints;

    RequestSizeLimitFilter(@Value("${switchboard.api.max-body-bytes:262144}") long jsonLimit,
            @Value("${switchboard.api.max-upload-bytes:6291456}") long uploadLimit,
            org.springframework.beans.factory.ObjectProvider<UploadForm> endpoints) {
        this.jsonLimit = jsonLimit;
        this.uploadLimit = uploadLimit;
        this.endpoints = endpoints;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        boolean upload = type.startsWith("multipart/") || type.startsWith("text/csv");
        long limit = upload ? uploadLimit : jsonLimit;
        var path = request.getRequestURI().substring(request.getContextPath().length());
        var own = upload ? endpoints.orderedStream().filter(f -> f.maxBytes() > 0 && f.path().equals(path)).findFirst().orElse(null)
                : null;
        boolean multipart = type.startsWith("multipart/");
        // A multipart body holds the file and its part's headers: room for those, the endpoint checks the file itself.
        if (own != null && request.getContentLengthLong() > own.maxBytes() + (multipart ? MULTIPART_HEADERS : 0)) {
            Problems.write(response, HttpStatus.CONTENT_TOO_LARGE.value(), "Request body too large", request.getRequestURI(),
                    multipart ? "file" : "body", "size", own.tooLarge());
            return;
        }
        if (request.getContentLengthLong() > limit) {
            Problems.write(response, HttpStatus.CONTENT_TOO_LARGE.value(), "Request body too large", request.getRequestURI(), "body",
                    "size", "request body is larger than " + limit + " bytes");
            return;
        }
        chain.doFilter(request, response);
    }
}
