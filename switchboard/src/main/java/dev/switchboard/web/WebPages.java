package dev.switchboard.web;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Company;
import dev.switchboard.tenancy.DisplayFormats;
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
        "dev.switchboard.calls.web", "dev.switchboard.carrier.web", "dev.switchboard.queue.web", "dev.switchboard.media.web"})
class WebPages {

    private final Companies companies;
    private final boolean simulated;

    private final org.springframework.beans.factory.ObjectProvider<dev.switchboard.platform.UploadForm> uploadForms;

    private final dev.switchboard.tenancy.Users users;

    WebPages(Companies companies, dev.switchboard.tenancy.Users users, @Value("${telnyx.api-key:}") String telnyxApiKey,
            org.springframework.beans.factory.ObjectProvider<dev.switchboard.platform.UploadForm> uploadForms) {
        this.users = users;
        this.uploadForms = uploadForms;
        this.companies = companies;
        this.simulated = telnyxApiKey.isBlank();
    }

    @ModelAttribute("actor")
    Actor actor() {
        return Actor.current().orElse(null);
    }

    /**
     * The signed-in company, and how its pages show numbers, dates and times ({@link DisplayFormats}, as {@code fmt});
     * before sign-in (the login and error pages) no company, and numbers and times as in the US and in UTC.
     */
    @ModelAttribute
    void companyAndFormats(Model model) {
        var company = company();
        model.addAttribute("company", company);
        model.addAttribute("fmt", formats(company));
        model.addAttribute("actorName", actorName());
    }

    /** The signed-in login's name, as the navigation bar shows who is signed in (its email beside it). */
    private String actorName() {
        return Actor.current().map(a -> a.userId() == null ? a.email()
                : users.find(a.userId()).map(dev.switchboard.tenancy.User::displayName).orElse(a.email())).orElse(null);
    }

    private Company company() {
        return Actor.current().isPresent() ? companies.current() : null;
    }

    private static DisplayFormats formats(Company company) {
        return company == null ? new DisplayFormats(java.time.ZoneOffset.UTC, "US") : company.formats();
    }

    @ModelAttribute("simulatedCarrier")
    boolean simulatedCarrier() {
        return simulated;
    }

    void shell(Model model) {
        model.addAttribute("actor", actor());
        model.addAttribute("simulatedCarrier", simulated);
        companyAndFormats(model);
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

    /**
     * An id in the address that is no id at all ({@code /calls/abc}): nothing of ours is there (404). A query parameter
     * that cannot be read as its kind ({@code /calls?size=x}) is a bad request naming it (400), as a form field is.
     */
    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    String notAnId(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e, Model model,
            jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
        if (!e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            return checkWhatYouEntered(400, java.util.List.of(e.getName() + ": '" + e.getValue() + "' is not a valid value"), model,
                    request, response);
        }
        shell(model);
        response.setStatus(404);
        model.addAttribute("message", "'" + e.getValue() + "' is not a valid " + e.getName());
        return "error/404";
    }

    /**
     * A form field or filter that could not be read as its kind (a decimal where a whole number goes, text where an
     * id goes): 400 naming each, rather than a bare error page. The form is not shown again (its controller never
     * ran); the browser's back button still has what was typed.
     */
    @ExceptionHandler(org.springframework.validation.BindException.class)
    String unreadableField(org.springframework.validation.BindException e, Model model, jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response) {
        return checkWhatYouEntered(400, e.getFieldErrors().stream()
                .map(f -> f.getField() + ": '" + f.getRejectedValue() + "' is not a valid value"
                        + (f.isBindingFailure() && f.getCodes() != null && java.util.Arrays.stream(f.getCodes())
                                .anyMatch(c -> c.endsWith(".Integer") || c.endsWith(".int") || c.endsWith(".Long") || c.endsWith(".long"))
                                ? " (a whole number)" : ""))
                .toList(), model, request, response);
    }

    /**
     * A service's refusal a page did not catch (its form cannot send such a value: a crafted post, as a rule moved
     * "sideways"): 422 naming each problem, as a form's would, not the 500 of an uncaught exception. Nothing was saved.
     */
    @ExceptionHandler(dev.switchboard.platform.InvalidInputException.class)
    String refused(dev.switchboard.platform.InvalidInputException e, Model model, jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response) {
        return checkWhatYouEntered(422, e.problems().stream().map(p -> p.field() + ": " + p.message()).toList(), model, request, response);
    }

    /** A field a form always sends, missing (a crafted post): 400 naming it, not a page listing nothing. */
    @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
    String missing(org.springframework.web.bind.MissingServletRequestParameterException e, Model model,
            jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
        return checkWhatYouEntered(400, java.util.List.of(e.getParameterName() + ": is missing"), model, request, response);
    }

    /**
     * The page naming what could not be taken, answered {@code status}: of a link's address (a GET: a page's filter,
     * "part of the address could not be read"), or of a form someone filled in ("nothing was saved").
     */
    private String checkWhatYouEntered(int status, java.util.List<String> problems, Model model, jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(status);
        shell(model);
        model.addAttribute("address", "GET".equals(request.getMethod()));
        model.addAttribute("problems", problems);
        return "error/400";
    }

    /**
     * An upload over the servlet's multipart limit, refused before any form could see it: said plainly, with the
     * limit, rather than a bare error page. (Files under it and over a form's own limit get the form's message.)
     */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    String uploadTooLarge(Model model, jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(413);
        shell(model);
        model.addAttribute("message", tooLarge(request));
        return "error/413";
    }

    /** What the "too large" page says for the form {@code request} posted: its own words, else the audio uploads' limit. */
    String tooLarge(jakarta.servlet.http.HttpServletRequest request) {
        return tooLarge(request, UploadRefusals.TOO_LARGE_PAGE);
    }

    /** What to say of a too-large upload to the form or endpoint {@code request} posted to: its own words, else {@code otherwise}. */
    String tooLarge(jakarta.servlet.http.HttpServletRequest request, String otherwise) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return uploadForms.orderedStream().filter(f -> f.path().equals(path)).map(dev.switchboard.platform.UploadForm::tooLarge)
                .findFirst().orElse(otherwise);
    }
}
