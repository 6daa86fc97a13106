package dev.switchboard.web;

import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page and the signed-in home page. */
@Controller
class ShellController {

    private final Companies companies;

    ShellController(Companies companies) {
        this.companies = companies;
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

    /** Home; a company that has not finished (or skipped) the setup wizard is sent to it first. */
    @GetMapping("/")
    String home(Model model) {
        var actor = Actor.current().orElseThrow();
        var company = companies.current();
        if (!company.setupCompleted() && actor.canConfigure()) {
            return "redirect:/setup";
        }
        return "home";
    }
}
