package dev.switchboard.web;

import dev.switchboard.platform.RefusalPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.ExtendedModelMap;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The error page ({@code error/400}, in the layout, with the navigation when someone is signed in) for requests the
 * platform's filters refuse before any controller: a form with too many fields, one that cannot be read.
 */
@Component
class RefusalPages implements RefusalPage {

    private final SpringTemplateEngine templates;
    private final WebPages pages;

    RefusalPages(SpringTemplateEngine templates, WebPages pages) {
        this.templates = templates;
        this.pages = pages;
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, String problem) throws IOException {
        var model = new ExtendedModelMap();
        try {
            pages.shell(model);
        } catch (RuntimeException e) {
            // Before security has said who it is (the first filter's refusals), the page goes without the navigation.
            model.clear();
        }
        model.addAllAttributes(Map.of("problems", List.of(problem)));
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext()).buildExchange(request, response);
        var context = new WebContext(exchange, request.getLocale(), model);
        response.setStatus(400);
        response.setContentType("text/html;charset=UTF-8");
        response.setCharacterEncoding("UTF-8");
        templates.process("error/400", context, response.getWriter());
    }
}
