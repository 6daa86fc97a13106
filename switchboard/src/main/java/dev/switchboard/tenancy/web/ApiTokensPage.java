package dev.switchboard.tenancy.web;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.OneTimeForms;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.ApiTokens;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings, Team &amp; logins, API tokens: the signed-in user's tokens for {@code /api/v1} (a CRM, a job tool), issued
 * and revoked here instead of with curl. A new token's secret is shown in the answer to the form that made it, once,
 * and kept nowhere (not in the session either): only its hash is stored.
 */
@Controller
class ApiTokensPage {

    static final String URL = "/settings/team/tokens";
    private static final String TOKEN_FORM = "api-token";

    private final ApiTokens tokens;
    private final Companies companies;
    private final OneTimeForms forms;

    ApiTokensPage(ApiTokens tokens, Companies companies, OneTimeForms forms) {
        this.tokens = tokens;
        this.forms = forms;
        this.companies = companies;
    }

    @GetMapping(URL)
    String page(Model model) {
        return page(model, "", null, Map.of());
    }

    /**
     * Makes a token. The answer is not a redirect (the secret would have to be kept to be shown after it), so a reload of
     * it, or a double click, sends the form again: its one-time token ({@link OneTimeForms}) makes that send make nothing.
     */
    @PostMapping(URL)
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String submission,
            Model model, HttpServletResponse response) {
        if (!forms.claim(TOKEN_FORM, submission)) {
            model.addAttribute("twice", "This form was sent again (a reload or a double click): no other token was made. "
                    + "The token it made is in the list; its secret was shown once, when it was made.");
            return page(model, "", null, Map.of());
        }
        try {
            var issued = tokens.issue(actor(), name);
            // Shown on this answer rather than after a redirect, so the secret is never stored to be shown later.
            response.setHeader("Cache-Control", "no-store");
            return page(model, "", issued, Map.of());
        } catch (InvalidInputException e) {
            forms.release(TOKEN_FORM, submission);
            response.setStatus(422);
            model.addAttribute("submission", submission);
            return page(model, name, null, e.byField());
        }
    }

    @PostMapping(URL + "/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        tokens.revoke(actor(), id);
        redirect.addFlashAttribute("saved", "Token revoked: a program still using it is refused from now on.");
        return "redirect:" + URL;
    }

    private String page(Model model, String name, ApiTokens.Issued issued, Map<String, String> errors) {
        model.addAttribute("tokens", tokens.list(actor()));
        model.addAttribute("zone", companies.current().timezone());
        model.addAttribute("name", name);
        model.addAttribute("issued", issued);
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("submission")) {
            model.addAttribute("submission", OneTimeForms.newToken());
        }
        if (!model.containsAttribute("twice")) {
            model.addAttribute("twice", null);
        }
        return "settings/team-tokens";
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
