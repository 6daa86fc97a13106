package dev.switchboard.web;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error pages a browser gets for what no controller answered: a role refused by the security rules (an agent
 * opening Settings), a form without its security token, an address that is nothing. They are the app's own pages in
 * its shell (who is signed in, the demo banner), as the controllers' refusals are (see {@link WebPages}); Boot's
 * default left the shell's attributes out, and the layout failed half way through the page.
 */
@Component
class ErrorPages implements ErrorViewResolver {

    private final Companies companies;
    private final boolean simulated;

    ErrorPages(Companies companies, @Value("${telnyx.api-key:}") String telnyxApiKey) {
        this.companies = companies;
        this.simulated = telnyxApiKey.isBlank();
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        var view = switch (status.value()) {
            case 400, 403, 404, 413 -> "error/" + status.value();
            default -> status.is5xxServerError() ? "error/500" : null;
        };
        if (view == null) {
            return null;
        }
        var page = new HashMap<String, Object>(model);
        var actor = Actor.current().orElse(null);
        page.put("actor", actor);
        page.put("company", actor == null ? null : company(actor));
        page.put("simulatedCarrier", simulated);
        // Boot's own "message" is left out unless configured; ours says what happened.
        page.remove("message");
        if (status.value() == 413) {
            // Only an upload is ever that large here (the container refuses it past the multipart limit, before any form).
            page.put("message", UploadRefusals.TOO_LARGE_PAGE);
        }
        if (request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException) {
            page.put("expired", true);
        }
        return new ModelAndView(view, page, status);
    }

    /** The signed-in user's company for the shell; none when it cannot be read (the error may be the database's). */
    private dev.switchboard.tenancy.Company company(Actor actor) {
        try {
            return TenantContext.callAs(actor.companyId(), companies::current);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
