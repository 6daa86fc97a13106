package dev.switchboard.web;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Company;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every HTML page of every module's {@code web} package shares: the signed-in company and actor
 * for the navigation shell, whether the carrier is simulated, and the 403 and 404 pages for refusals
 * from the services. Limited to the web packages so the REST API keeps its problem documents.
 */
@ControllerAdvice(basePackages = {"dev.switchboard.web", "dev.switchboard.tenancy.web", "dev.switchboard.directory.web",
        "dev.switchboard.schedule.web", "dev.switchboard.routing.web", "dev.switchboard.voicemail.web",
        "dev.switchboard.calls.web", "dev.switchboard.carrier.web", "dev.switchboard.queue.web"})
class WebPages {

    private final Companies companies;
    private final boolean simulated;

    WebPages(Companies companies, @Value("${telnyx.api-key:}") String telnyxApiKey) {
        this.companies = companies;
        this.simulated = telnyxApiKey.isBlank();
    }

    @ModelAttribute("actor")
    Actor actor() {
        return Actor.current().orElse(null);
    }

    @ModelAttribute("company")
    Company company() {
        return Actor.current().isPresent() ? companies.current() : null;
    }

    @ModelAttribute("simulatedCarrier")
    boolean simulatedCarrier() {
        return simulated;
    }

    private void shell(Model model) {
        model.addAttribute("actor", actor());
        model.addAttribute("company", company());
        model.addAttribute("simulatedCarrier", simulated);
    }

    @ExceptionHandler(ForbiddenException.class)
    String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
        response.setStatus(403);
        shell(model);
        model.addAttribute("message", e.getMessage());
        return "error/403";
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        response.setStatus(404);
        shell(model);
        model.addAttribute("message", e.getMessage());
        return "error/404";
    }
}
