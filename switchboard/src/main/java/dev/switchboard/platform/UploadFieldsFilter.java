package dev.switchboard.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@link RequestParameterFilter}'s check of an upload to a page (its fields with the NUL character, a file's name
 * the container refuses), run just after security rather than before it: only then is the sender known to be signed
 * in, with the right CSRF token and role, so only then are its parts read (and written to disk). Refused as that
 * filter refuses, with 400 and what is wrong. The API's uploads are read by their handlers.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class UploadFieldsFilter extends OncePerRequestFilter {

    private final org.springframework.beans.factory.ObjectProvider<RefusalPage> pages;

    UploadFieldsFilter(org.springframework.beans.factory.ObjectProvider<RefusalPage> pages) {
        this.pages = pages;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestParameterFilter.isMultipart(request) || request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var problem = RequestParameterFilter.fieldsProblem(request);
        if (problem != null) {
            RequestParameterFilter.refuse(request, response, problem, pages.getIfAvailable());
            return;
        }
        chain.doFilter(request, response);
    }
}
