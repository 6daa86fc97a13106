package dev.switchboard.directory.web;

import dev.switchboard.directory.MemberInput;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.WholeNumberField;
import dev.switchboard.platform.OneTimeForms;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Users;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone settings, Extensions tab: every member with extension, direct number, status and state; adding a member,
 * the edit dialog for their name, email, SIP address and extension fields, deleting a member (after a confirmation
 * that says what the delete does, or what still sends them calls), vacation, do-not-disturb, and "assign next free
 * extensions". Every change goes through {@link Members}, so the checks and refusals are the API's. Dialogs are htmx
 * fragments; without htmx the same URLs are whole pages.
 */
@Controller
class ExtensionsTab {

    static final String URL = "/settings/communications/phone/extensions";

    /** The one-time tokens of the "add team member" forms (see {@link #create}). */
    private static final String MEMBER_FORM = "extensions.add";

    /** Where "add team member" starts counting for the extension it suggests, as the wizard's "assign" does. */
    static final int FIRST_EXTENSION = 101;

    private final Members members;
    private final Companies companies;
    private final Users users;
    private final java.time.Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberRouting> routing;
    private final OneTimeForms forms;
    private final org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberCallsOfDay> callsOfDay;

    ExtensionsTab(Members members, Companies companies, Users users, java.time.Clock clock,
            org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberRouting> routing, OneTimeForms forms,
            org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberCallsOfDay> callsOfDay) {
        this.callsOfDay = callsOfDay;
        this.routing = routing;
        this.forms = forms;
        this.clock = clock;
        this.users = users;
        this.members = members;
        this.companies = companies;
    }

    /** The extension fields as the form sends them. */
    record Form(String name, String email, String role, String phoneExtension, String directInwardDial,
            Boolean extensionEnabled, String voicemailPin, Boolean clearVoicemailPin, Boolean callForwardingEnabled,
            String callForwardingNumber, Boolean simultaneousRingEnabled, Boolean confirmForwardedCalls, String ringTimeoutSeconds,
            String voicemailGreetingUrl, String sipAddress, String maxConcurrentCalls) {

        /** A new member's form: the next free extension suggested, the extension on, the defaults of the API. */
        static Form blank(String suggestedExtension) {
            return new Form("", "", "", suggestedExtension, "", true, "", false, false, "", false, false, "20", "", "", "1");
        }

        static Form of(TeamMember m) {
            return new Form(m.name(), m.email(), m.role(), m.phoneExtension() == null ? "" : m.phoneExtension().digits(),
                    m.directInwardDial() == null ? "" : m.directInwardDial().e164(), m.extensionEnabled(), "", false,
                    m.callForwardingEnabled(), m.callForwardingNumber() == null ? "" : m.callForwardingNumber().e164(),
                    m.simultaneousRingEnabled(), m.confirmForwardedCalls(), WholeNumberField.text(m.ringTimeoutSeconds()), m.voicemailGreetingUrl(),
                    m.sipAddress(), WholeNumberField.text(m.maxConcurrentCalls()));
        }

        /** The input for the service; a number that is not one (or left empty) is refused here, naming its field. */
        MemberInput input() {
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            var ring = WholeNumberField.read("ring_timeout_seconds", ringTimeoutSeconds, "a whole number of seconds, 15 to 90", problems);
            var calls = WholeNumberField.read("max_concurrent_calls", maxConcurrentCalls, "a whole number of calls, 1 to 10", problems);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new MemberInput(name, email, role, phoneExtension, directInwardDial, Boolean.TRUE.equals(extensionEnabled),
                    voicemailPin == null || voicemailPin.isBlank() ? null : voicemailPin.strip(), Boolean.TRUE.equals(clearVoicemailPin),
                    Boolean.TRUE.equals(callForwardingEnabled), callForwardingNumber, Boolean.TRUE.equals(simultaneousRingEnabled),
                    Boolean.TRUE.equals(confirmForwardedCalls), ring, voicemailGreetingUrl, sipAddress, calls);
        }
    }

    /**
     * The tab, where a supervisor watches the team too: beside each member's status (with the note of an "away") and state,
     * since when they have been ringing, on a call or wrapping up (the time today, the day too when it began before: a
     * call left open shows), and how many calls they answered today and made, in the company's timezone, as the analytics
     * count them (the Today of the Analytics tab: their own phone picking up for a call out is no call answered).
     */
    @GetMapping(URL)
    String page(Model model) {
        var list = members.list();
        var now = clock.instant();
        var company = companies.current();
        var zone = company.timezone();
        var today = LocalDate.ofInstant(now, zone);
        var since = new java.util.HashMap<UUID, String>();
        for (var m : list) {
            var a = m.availability();
            if (a.state() != dev.switchboard.directory.MemberState.IDLE && a.stateChangedAt() != null) {
                since.put(m.id(), LocalDate.ofInstant(a.stateChangedAt(), zone).equals(today)
                        ? company.formats().time(a.stateChangedAt()) : company.formats().dateTime(a.stateChangedAt()));
            }
        }
        model.addAttribute("members", list);
        model.addAttribute("now", now);
        model.addAttribute("zone", zone);
        model.addAttribute("today", today);
        model.addAttribute("since", since);
        var counts = callsOfDay.getIfAvailable();
        model.addAttribute("callsToday", counts == null ? Map.of() : counts.on(today));
        return "settings/extensions";
    }

    /** The form only those who may save it open: a supervisor, who reads the tab, is told so at once, not on Save. */
    @GetMapping(URL + "/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String edit(@PathVariable UUID id, Model model, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var member = members.get(id);
        return editForm(model, member, Form.of(member), Map.of(), htmx);
    }

    @PostMapping(URL + "/{id}")
    String save(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var member = members.get(id);
        TeamMember saved;
        try {
            saved = members.update(actor(), id, form.input());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return editForm(model, member, form, e.byField(), htmx);
        } catch (ConflictException e) {
            response.setStatus(422);
            return editForm(model, member, form, Map.of(e.problem().field(), e.problem().message()), htmx);
        }
        // Saved so that no phone of theirs rings (a cell number typed, forwarding left off): said, as a new member is told.
        return done(response, redirect, "Extension of " + form.name() + " saved." + saved.noPhoneNote().map(n -> " " + n).orElse(""),
                htmx, model);
    }

    @GetMapping(URL + "/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String add(Model model, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        model.addAttribute("submission", OneTimeForms.newToken());
        return editForm(model, null, Form.blank(members.nextFreeExtension(FIRST_EXTENSION).orElse("")), Map.of(), htmx);
    }

    /**
     * Adds a member with the API's checks (a taken extension names who has it); a refusal keeps what was typed. The form
     * carries a one-time token, as the setup wizard's: sent twice (a double click, with no extension to be refused as
     * taken the second time), it adds the member once.
     */
    @PostMapping(URL + "/new")
    String create(@ModelAttribute Form form, @RequestParam(defaultValue = "") String submission, Model model,
            HttpServletResponse response, RedirectAttributes redirect,
            @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        if (!forms.claim(MEMBER_FORM, submission)) {
            return done(response, redirect, "This form was sent twice: " + form.name() + " was added once.", htmx, model);
        }
        model.addAttribute("submission", submission);
        TeamMember created;
        try {
            created = members.create(actor(), form.input());
        } catch (InvalidInputException e) {
            forms.release(MEMBER_FORM, submission);
            response.setStatus(422);
            return editForm(model, null, form, e.byField(), htmx);
        } catch (ConflictException e) {
            forms.release(MEMBER_FORM, submission);
            response.setStatus(422);
            return editForm(model, null, form, Map.of(e.problem().field(), e.problem().message()), htmx);
        } catch (RuntimeException e) {
            forms.release(MEMBER_FORM, submission);
            throw e;
        }
        var note = routing.stream().map(r -> r.newMemberNote(created)).flatMap(java.util.Optional::stream).findFirst();
        return done(response, redirect, created.name() + " added"
                + (created.phoneExtension() == null ? " (no extension)" : " with extension " + created.phoneExtension().digits()) + "."
                + note.map(n -> " " + n).orElse("") + members.unlinkedLoginNote(created).map(n -> " " + n).orElse(""), htmx, model);
    }

    /**
     * The delete's confirmation: what still sends the member calls (the delete is refused until each is changed, as the
     * API refuses it), or else what the delete does to what is theirs.
     */
    @GetMapping(URL + "/{id}/delete")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String confirmDelete(@PathVariable UUID id, Model model, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        return deleteForm(model, members.get(id), null, htmx);
    }

    @PostMapping(URL + "/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean keepDirectNumber, Model model,
            HttpServletResponse response, RedirectAttributes redirect, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var member = members.get(id);
        List<String> changed;
        try {
            changed = members.delete(actor(), id, keepDirectNumber);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return deleteForm(model, member, member.name() + " was not deleted: " + e.problems().getFirst().message() + ".", htmx);
        } catch (ConflictException e) {
            // Something began to send them calls since the confirmation was shown: it lists what, with the links. A 422,
            // as the other refused forms, so htmx shows it in the dialog.
            response.setStatus(422);
            return deleteForm(model, member, member.name() + " was not deleted.", htmx);
        }
        // What went with them (jobs unassigned, queues left, messages moved, a login kept), as the Activity lists it.
        return done(response, redirect, member.name() + " deleted" + (changed.isEmpty() ? "." : ": " + String.join("; ", changed) + "."),
                htmx, model);
    }

    @GetMapping(URL + "/{id}/vacation")
    String vacation(@PathVariable UUID id, Model model, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var member = members.get(id);
        // Refused as its Save would be (anyone's for an owner or admin, else one's own), before the form is shown.
        dev.switchboard.directory.Members.requireSelfOrAdmin(actor(), id, "vacation");
        var v = member.availability().vacation();
        var zone = companies.current().timezone();
        return vacationForm(model, member, vacationDay(member, clock.instant(), zone, true), vacationDay(member, clock.instant(), zone, false),
                v == null ? "" : v.message(), v != null && v.autoReply(), Map.of(), htmx);
    }

    @PostMapping(URL + "/{id}/vacation")
    String saveVacation(@PathVariable UUID id, @RequestParam(defaultValue = "") String startDate,
            @RequestParam(defaultValue = "") String endDate, @dev.switchboard.platform.Text.MultiLine @RequestParam(defaultValue = "") String message,
            @RequestParam(defaultValue = "false") boolean autoReplyEnabled,
            @RequestParam(defaultValue = "false") boolean clear, Model model, HttpServletResponse response,
            RedirectAttributes redirect, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var member = members.get(id);
        boolean upcoming = vacationPhase(member, clock.instant(), companies.current().timezone())
                == dev.switchboard.directory.Vacation.Phase.UPCOMING;
        try {
            if (clear) {
                members.clearVacation(actor(), id);
            } else {
                var dates = VacationDates.read(startDate, endDate);
                members.setVacation(actor(), id, dates.start(), dates.end(), message, autoReplyEnabled);
            }
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return vacationForm(model, member, startDate, endDate, message, autoReplyEnabled, e.byField(), htmx);
        }
        return done(response, redirect, clear ? (upcoming ? "Vacation of " + member.name() + " cancelled." : "Vacation of " + member.name() + " ended.")
                : "Vacation saved for " + member.name() + ".", htmx, model);
    }

    @PostMapping(URL + "/{id}/dnd")
    String doNotDisturb(@PathVariable UUID id, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "false") boolean clear, RedirectAttributes redirect) {
        // Another company's member is not found (404) before the time is read: a refused time would tell it exists.
        members.get(id);
        try {
            if (clear) {
                members.clearDoNotDisturb(actor(), id);
                redirect.addFlashAttribute("saved", "Do-not-disturb cleared.");
            } else {
                members.setDoNotDisturb(actor(), id, localInstant(until, companies));
                redirect.addFlashAttribute("saved", "Do-not-disturb set.");
            }
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Do-not-disturb not set: " + e.problems().getFirst().message());
        }
        return "redirect:" + URL;
    }

    /**
     * A colleague's status set from Team status by an owner, admin or supervisor (outside the settings, which a supervisor
     * does not change): an agent the queue set Away after missed calls put back to Available, one gone home set Offline.
     */
    @PostMapping("/team/{id}/status")
    String teamStatus(@PathVariable UUID id, @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        var member = members.get(id);
        try {
            var saved = members.setStatus(actor(), id, status, reason);
            redirect.addFlashAttribute("saved", member.name() + " is now "
                    + dev.switchboard.tenancy.DisplayFormats.codeWords(saved.availability().status()) + ".");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "The status of " + member.name() + " was not changed: "
                    + String.join("; ", MyStatusPage.inWords(e).values()) + ".");
        }
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/assign")
    String assign(@RequestParam(defaultValue = "101") int start, RedirectAttributes redirect) {
        try {
            var changed = members.assignNextFreeExtensions(actor(), start);
            redirect.addFlashAttribute("saved", changed.size() == 1 ? "1 extension assigned." : changed.size() + " extensions assigned.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().getFirst().message());
        }
        return "redirect:" + URL;
    }

    private String done(HttpServletResponse response, RedirectAttributes redirect, String message, boolean htmx, Model model) {
        if (htmx) {
            // A dialog that saved reloads the list (with the message) instead of swapping a fragment.
            var request = ((org.springframework.web.context.request.ServletRequestAttributes)
                    org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes()).getRequest();
            org.springframework.web.servlet.support.RequestContextUtils.getOutputFlashMap(request).put("saved", message);
            org.springframework.web.servlet.support.RequestContextUtils.saveOutputFlashMap(URL, request, response);
            response.setHeader("HX-Redirect", URL);
            return "fragments/ui :: empty";
        }
        redirect.addFlashAttribute("saved", message);
        return "redirect:" + URL;
    }

    private String deleteForm(Model model, TeamMember member, String problem, boolean htmx) {
        model.addAttribute("member", member);
        model.addAttribute("uses", members.usesOf(member.id()).stream().map(dev.switchboard.directory.MemberReferences.Use::link).toList());
        model.addAttribute("logins", users.list().stream().filter(u -> member.id().equals(u.memberId())).map(u -> u.email()).toList());
        model.addAttribute("onCall", member.availability().activeCalls() > 0);
        model.addAttribute("forwardedHere", member.directInwardDial() == null ? List.of() : members.forwardingTo(member.directInwardDial()));
        // Why it could not be kept (a colleague forwarding there, a rule's outside number), said before it is tried.
        model.addAttribute("keepRefusal", member.directInwardDial() == null ? null
                : companies.businessNumberRefusal(member.directInwardDial().e164()).orElse(null));
        model.addAttribute("problem", problem);
        return htmx ? "settings/extension-delete :: dialog" : "settings/extension-delete";
    }

    /** The edit dialog of {@code member}, or the "add team member" one when it is null. */
    private String editForm(Model model, TeamMember member, Form form, Map<String, String> errors, boolean htmx) {
        model.addAttribute("member", member);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return htmx ? "settings/extension-edit :: dialog" : "settings/extension-edit";
    }

    private String vacationForm(Model model, TeamMember member, String start, String end, String message, boolean autoReply,
            Map<String, String> errors, boolean htmx) {
        model.addAttribute("member", member);
        vacationNow(model, member, clock.instant(), companies.current());
        model.addAttribute("startDate", start);
        model.addAttribute("endDate", end);
        model.addAttribute("message", message);
        model.addAttribute("autoReply", autoReply);
        model.addAttribute("errors", errors);
        return htmx ? "settings/vacation :: dialog" : "settings/vacation";
    }

    /** Where the member's vacation stands at {@code now}; null: they have none. */
    static dev.switchboard.directory.Vacation.Phase vacationPhase(TeamMember member, java.time.Instant now, java.time.ZoneId zone) {
        var v = member.availability().vacation();
        return v == null ? null : v.phaseAt(now, zone);
    }

    /**
     * What a member's vacation form (this dialog, My status) says of their vacation at {@code now}: where it stands
     * ({@code vacationPhase}, which picks its button) and in words ({@code vacationWords}); both null when they have none.
     */
    static void vacationNow(Model model, TeamMember member, java.time.Instant now, dev.switchboard.tenancy.Company company) {
        var v = member.availability().vacation();
        model.addAttribute("vacationPhase", v == null ? null : v.phaseAt(now, company.timezone()).name());
        model.addAttribute("vacationWords", v == null ? null : v.inWords(now, company.timezone(), company.formats()));
    }

    /**
     * The member's vacation's first ({@code first}) or last day for its form, or empty when they have none or it is over:
     * its days are no dates to save again (a last day in the past is refused), the form is for the next one.
     */
    static String vacationDay(TeamMember member, java.time.Instant now, java.time.ZoneId zone, boolean first) {
        var v = member.availability().vacation();
        if (v == null || v.phaseAt(now, zone) == dev.switchboard.directory.Vacation.Phase.ENDED) {
            return "";
        }
        return (first ? v.startDate() : v.endDate()).toString();
    }

    /**
     * A vacation form's first and last day, as {@link dev.switchboard.directory.Members#setVacation} takes them. Empty
     * is no date, which the service asks for; a date that cannot be read is refused here, naming its field.
     */
    record VacationDates(LocalDate start, LocalDate end) {

        static VacationDates read(String start, String end) {
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            var first = dev.switchboard.platform.LocalDateField.read("start_date", start, "2026-12-24", problems);
            var last = dev.switchboard.platform.LocalDateField.read("end_date", end, "2026-12-31", problems);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new VacationDates(first, last);
        }
    }

    /** A {@code datetime-local} value read in the company's timezone. */
    static Instant localInstant(String text, Companies companies) {
        return dev.switchboard.platform.LocalDateTimeField.read("until", text, companies.current().timezone());
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
