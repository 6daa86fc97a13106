package dev.switchboard.web;

import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SetupEssentials;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page and the signed-in home page. */
@Controller
class ShellController {

    private final Companies companies;
    private final java.util.List<SetupEssentials> essentials;

    ShellController(Companies companies, java.util.List<SetupEssentials> essentials) {
        this.companies = companies;
        this.essentials = essentials;
    }

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        var error = session.getAttribute("LOGIN_ERROR");
        if (error != null) {
            model.addAttribute("loginError", error);
            session.removeAttribute("LOGIN_ERROR");
        }
        var email = session.getAttribute("LOGIN_EMAIL");
        if (email != null) {
            model.addAttribute("email", email);
            session.removeAttribute("LOGIN_EMAIL");
        }
        return "login";
    }

    /**
     * Home. An owner or admin whose company has not finished (or skipped) the setup wizard is sent to it while the
     * company lacks what it needs to take calls (a number, hours, a rule); once those are in place, however they were
     * made, the wizard is offered above the page, with a way to dismiss the offer, rather than forced on every visit.
     */
    @GetMapping("/")
    String home(Model model) {
        var actor = Actor.current().orElseThrow();
        var company = companies.current();
        if (!company.setupCompleted() && actor.canConfigure()) {
            if (!essentials.stream().allMatch(SetupEssentials::inPlace)) {
                return "redirect:/setup";
            }
            model.addAttribute("setupOffered", true);
        }
        return "home";
    }
}
