package dev.switchboard.tenancy.web;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.TooManyRequestsException;
import dev.switchboard.tenancy.SignedInSession;
import dev.switchboard.tenancy.Signup;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** The sign-up page: a new company and its owner. */
@Controller
class SignupController {

    private final Signup signup;
    private final SignedInSession session;

    SignupController(Signup signup, SignedInSession session) {
        this.signup = signup;
        this.session = session;
    }

    record Form(String companyName, String timezone, String ownerName, String ownerEmail, String ownerPassword) {
    }

    @GetMapping("/signup")
    String page(Model model) {
        model.addAttribute("form", new Form("", "America/Chicago", "", "", ""));
        model.addAttribute("timezones", dev.switchboard.tenancy.Timezones.choices("America/Chicago"));
        model.addAttribute("errors", Map.of());
        return "signup";
    }

    @PostMapping("/signup")
    String submit(@ModelAttribute Form form, Model model, HttpServletRequest request, HttpServletResponse response) {
        try {
            var created = signup.signUp(new Signup.Request(form.companyName(), form.timezone(), form.ownerEmail(),
                    form.ownerPassword(), form.ownerName() == null ? "" : form.ownerName()),
                    request.getRemoteAddr());
            // The new owner is signed in at once (not asked to log in with what they just typed), and sent where a
            // login sends them: the home page, which takes a new company to the setup wizard.
            session.signIn(created.companyId(), created.ownerId(), request, response);
            return "redirect:/";
        } catch (TooManyRequestsException e) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            return redisplay(form, model, Map.of("form", e.getMessage()));
        } catch (InvalidInputException e) {
            // Refused as every other form's refusal is (422, a taken email too): it was a 200, as if the page had simply
            // been shown.
            response.setStatus(422);
            var errors = new java.util.HashMap<String, String>();
            e.problems().forEach(p -> errors.putIfAbsent(p.field(), p.message()));
            return redisplay(form, model, errors);
        } catch (ConflictException e) {
            response.setStatus(422);
            model.addAttribute("emailTaken", "owner_email".equals(e.problem().field()));
            return redisplay(form, model, Map.of(e.problem().field(), e.problem().message()));
        }
    }

    private String redisplay(Form form, Model model, Map<String, String> errors) {
        model.addAttribute("form", new Form(form.companyName(), form.timezone(), form.ownerName(), form.ownerEmail(), ""));
        model.addAttribute("timezones", dev.switchboard.tenancy.Timezones.choices(form.timezone()));
        model.addAttribute("errors", errors);
        return "signup";
    }
}
