package dev.switchboard.directory.web;

import dev.switchboard.directory.Forwarding;
import dev.switchboard.directory.MemberGreetings;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.Vacation;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FileField;
import dev.switchboard.platform.PayloadTooLargeException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SignedInSession;
import dev.switchboard.tenancy.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My status, for anyone who is a team member: available, away, offline, do-not-disturb until, vacation, where their calls
 * are forwarded and their voicemail greeting (each saved through the service an admin's form uses, with its checks);
 * and, for every signed-in user, their own password.
 */
@Controller
class MyStatusPage {

    private final Members members;
    private final Companies companies;
    private final java.time.Clock clock;
    private final Users users;
    private final SignedInSession session;
    private final MemberGreetings greetings;
    private final dev.switchboard.directory.ReachInWords reach;

    MyStatusPage(Members members, Companies companies, java.time.Clock clock, Users users, SignedInSession session,
            MemberGreetings greetings, dev.switchboard.directory.ReachInWords reach) {
        this.greetings = greetings;
        this.reach = reach;
        this.clock = clock;
        this.members = members;
        this.companies = companies;
        this.users = users;
        this.session = session;
    }

    @GetMapping("/me")
    String page(Model model) {
        if (Actor.current().orElseThrow().memberId() == null) {
            // A user who takes no calls (an owner, say) has no status to set, only a password.
            model.addAttribute("errors", Map.of());
            return "me-none";
        }
        return show(model, Map.of(), null, null, null);
    }

    /**
     * The signed-in user's own password (nobody else's: an admin resets those on Team &amp; logins). This browser stays
     * signed in; the user's others are signed out. The passwords typed are never sent back in the page.
     */
    @PostMapping("/me/password")
    String password(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        try {
            users.changeOwnPassword(actor, currentPassword, password, confirmPassword, request.getRemoteAddr());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            if (actor.memberId() == null) {
                model.addAttribute("errors", e.byField());
                return "me-none";
            }
            return show(model, e.byField(), null, null, null);
        }
        session.renew(request, response);
        redirect.addFlashAttribute("saved", "Password changed. Your other browsers are signed out; your API tokens still work.");
        return "redirect:/me";
    }

    @PostMapping("/me/status")
    String status(@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String reason,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            members.setStatus(Actor.current().orElseThrow(), me(), status, reason);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("reason", reason);
            return show(model, inWords(e), null, null, null);
        }
        redirect.addFlashAttribute("saved", "Status saved.");
        return "redirect:/me";
    }

    /**
     * The refusal as a person reads it: a status that is none of the three is said by the form's own choices, not by the
     * codes the API names (which an API client sends, and a person never sees).
     */
    static java.util.Map<String, String> inWords(InvalidInputException e) {
        var errors = new java.util.LinkedHashMap<>(e.byField());
        if (e.problems().stream().anyMatch(p -> p.field().equals("status") && p.rule().equals("enum"))) {
            errors.put("status", "choose Available, Away or Offline");
        }
        return errors;
    }

    /**
     * Do-not-disturb until the time typed, or for one of the quick choices ({@code for}: {@code 1h}, {@code 2h}, or
     * {@code morning}: 8:00 AM on the company's clock, tomorrow's once it is past), which spare an agent between jobs
     * typing a date and time on a phone.
     */
    @PostMapping("/me/dnd")
    String dnd(@RequestParam(defaultValue = "") String until, @RequestParam(name = "for", defaultValue = "") String lasting,
            @RequestParam(defaultValue = "false") boolean clear, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            if (clear) {
                members.clearDoNotDisturb(Actor.current().orElseThrow(), me());
            } else if (!lasting.isBlank()) {
                members.setDoNotDisturb(Actor.current().orElseThrow(), me(), quickUntil(lasting));
            } else {
                members.setDoNotDisturb(Actor.current().orElseThrow(), me(), ExtensionsTab.localInstant(until, companies));
            }
        } catch (InvalidInputException e) {
            response.setStatus(422);
            // The refused time stays in the field, to correct rather than retype.
            model.addAttribute("until", until);
            return show(model, e.byField(), null, null, null);
        }
        redirect.addFlashAttribute("saved", clear ? "Do-not-disturb cleared." : "Do-not-disturb set.");
        return "redirect:/me";
    }

    /** When a quick do-not-disturb choice ends; another is refused naming the choices, nothing set. */
    private java.time.Instant quickUntil(String lasting) {
        var now = clock.instant();
        return switch (lasting.strip()) {
            case "1h" -> now.plus(java.time.Duration.ofHours(1));
            case "2h" -> now.plus(java.time.Duration.ofHours(2));
            case "morning" -> {
                var zone = companies.current().timezone();
                var eight = now.atZone(zone).toLocalDate().atTime(8, 0).atZone(zone);
                yield (eight.toInstant().isAfter(now) ? eight : eight.plusDays(1)).toInstant();
            }
            default -> throw new InvalidInputException("until", "choice", "'" + lasting + "' is no choice: for 1 hour (1h), 2 hours (2h)"
                    + " or until 8:00 AM (morning), or a date and time");
        };
    }

    @PostMapping("/me/vacation")
    String vacation(@RequestParam(defaultValue = "") String startDate, @RequestParam(defaultValue = "") String endDate,
            @dev.switchboard.platform.Text.MultiLine @RequestParam(defaultValue = "") String message, @RequestParam(defaultValue = "false") boolean autoReplyEnabled,
            @RequestParam(defaultValue = "false") boolean clear, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        boolean upcoming = ExtensionsTab.vacationPhase(members.get(me()), clock.instant(), companies.current().timezone())
                == Vacation.Phase.UPCOMING;
        try {
            if (clear) {
                members.clearVacation(Actor.current().orElseThrow(), me());
            } else {
                var dates = ExtensionsTab.VacationDates.read(startDate, endDate);
                members.setVacation(Actor.current().orElseThrow(), me(), dates.start(), dates.end(), message, autoReplyEnabled);
            }
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("autoReply", autoReplyEnabled);
            return show(model, e.byField(), startDate, endDate, message);
        }
        redirect.addFlashAttribute("saved", clear ? (upcoming ? "Vacation cancelled." : "Vacation ended.") : "Vacation saved.");
        return "redirect:/me";
    }

    /** The forwarding fields of the admin's member form, as this page sends them. */
    record ForwardingForm(String callForwardingNumber, boolean callForwardingEnabled, boolean simultaneousRingEnabled,
            boolean confirmForwardedCalls) {

        /** The member's forwarding, the number written as the pages write numbers (it reads back the same). */
        static ForwardingForm of(dev.switchboard.directory.TeamMember m, dev.switchboard.tenancy.DisplayFormats format) {
            return new ForwardingForm(m.callForwardingNumber() == null ? "" : format.phone(m.callForwardingNumber()),
                    m.callForwardingEnabled(),
                    m.simultaneousRingEnabled(), m.confirmForwardedCalls());
        }

        Forwarding forwarding() {
            return new Forwarding(callForwardingEnabled, callForwardingNumber, simultaneousRingEnabled, confirmForwardedCalls);
        }
    }

    /** Where the member's calls are forwarded, saved as an admin's save of the member's form would save it. */
    @PostMapping("/me/forwarding")
    String forwarding(@RequestParam(defaultValue = "") String callForwardingNumber,
            @RequestParam(defaultValue = "false") boolean callForwardingEnabled,
            @RequestParam(defaultValue = "false") boolean simultaneousRingEnabled,
            @RequestParam(defaultValue = "false") boolean confirmForwardedCalls, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = new ForwardingForm(callForwardingNumber, callForwardingEnabled, simultaneousRingEnabled, confirmForwardedCalls);
        try {
            members.setForwarding(Actor.current().orElseThrow(), me(), current -> form.forwarding());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("forwarding", form);
            return show(model, e.byField(), null, null, null);
        } catch (ConflictException e) {
            response.setStatus(422);
            model.addAttribute("forwarding", form);
            return show(model, Map.of(e.problem().field(), e.problem().message()), null, null, null);
        }
        redirect.addFlashAttribute("saved", "Forwarding saved.");
        return "redirect:/me#forwarding";
    }

    /** The greeting fields of the admin's voicemail form (type, text, voice and language), as this page sends them. */
    record GreetingForm(String greetingType, String greetingText, String greetingVoice, String greetingLanguage) {
    }

    /**
     * The member's voicemail greeting: the standard one, a text spoken, or a recording uploaded here (a file too large for
     * the multipart limit is refused before this, by the platform's page).
     */
    @PostMapping("/me/greeting")
    String greeting(@RequestParam(defaultValue = "") String greetingType,
            @dev.switchboard.platform.Text.MultiLine @RequestParam(defaultValue = "") String greetingText,
            @RequestParam(defaultValue = "") String greetingVoice, @RequestParam(defaultValue = "") String greetingLanguage,
            @RequestParam(name = "greetingFile", required = false) org.springframework.web.multipart.MultipartFile file,
            Model model, HttpServletResponse response, RedirectAttributes redirect) throws java.io.IOException {
        var form = new GreetingForm(greetingType, greetingText, greetingVoice, greetingLanguage);
        var bytes = FileField.chosen(file) ? file.getBytes() : null;
        java.util.List<String> warnings;
        try {
            warnings = greetings.set(Actor.current().orElseThrow(), me(), greetingType, greetingText, greetingVoice, greetingLanguage,
                    bytes == null ? null : file.getOriginalFilename(), bytes);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var errors = new java.util.HashMap<>(e.byField());
            // The upload's refusal (not audio, too large) is the file field's.
            if (errors.containsKey("file")) {
                errors.putIfAbsent("greeting_media_id", errors.get("file"));
            }
            model.addAttribute("greetingForm", form);
            return show(model, errors, null, null, null);
        } catch (PayloadTooLargeException e) {
            response.setStatus(422);
            model.addAttribute("greetingForm", form);
            return show(model, Map.of("greeting_media_id", e.getMessage()), null, null, null);
        }
        redirect.addFlashAttribute("saved", "Voicemail greeting saved." + (warnings.isEmpty() ? "" : " Note: " + String.join("; ", warnings) + "."));
        return "redirect:/me#greeting";
    }

    /**
     * Where the member's new voicemail is sent: the notification fields of the admin's Voicemail tab (email and its
     * addresses, the recording attached, a text and its number), saved through the same checks. A switch left unticked
     * is off, as on that tab.
     */
    @PostMapping("/me/voicemail-notifications")
    String voicemailNotifications(@RequestParam(required = false) Boolean emailEnabled,
            @RequestParam(defaultValue = "") String emailAddresses, @RequestParam(required = false) Boolean attachAudio,
            @RequestParam(required = false) Boolean smsEnabled, @RequestParam(defaultValue = "") String smsNumber,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var typed = new MemberGreetings.Notifications(Boolean.TRUE.equals(emailEnabled), emailAddresses, Boolean.TRUE.equals(attachAudio),
                Boolean.TRUE.equals(smsEnabled), smsNumber, null);
        java.util.List<String> warnings;
        try {
            warnings = greetings.setNotifications(Actor.current().orElseThrow(), me(), typed.emailEnabled(),
                    java.util.Arrays.stream(emailAddresses.split("[,;\\s]+")).filter(e -> !e.isBlank()).toList(),
                    typed.attachAudio(), typed.smsEnabled(), smsNumber);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("notificationsForm", typed);
            return show(model, e.byField(), null, null, null);
        }
        redirect.addFlashAttribute("saved", "Voicemail notifications saved."
                + (warnings.isEmpty() ? "" : " Note: " + String.join("; ", warnings) + "."));
        return "redirect:/me#notifications";
    }

    /** The member's voicemail PIN, typed twice (it is never shown): saved with the member form's checks. */
    @PostMapping("/me/voicemail-pin")
    String voicemailPin(@RequestParam(defaultValue = "") String voicemailPin, @RequestParam(defaultValue = "") String confirmPin,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var errors = new java.util.LinkedHashMap<String, String>();
        if (voicemailPin.isBlank()) {
            errors.put("voicemail_pin", "is required: 4 to 10 digits");
        } else if (!voicemailPin.equals(confirmPin)) {
            errors.put("confirm_pin", "is not the same PIN: type the new PIN twice");
        } else {
            try {
                members.setVoicemailPin(Actor.current().orElseThrow(), me(), voicemailPin);
            } catch (InvalidInputException e) {
                errors.putAll(e.byField());
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return show(model, errors, null, null, null);
        }
        redirect.addFlashAttribute("saved", "Voicemail PIN saved.");
        return "redirect:/me#pin";
    }

    @PostMapping("/me/voicemail-pin/remove")
    String removeVoicemailPin(RedirectAttributes redirect) {
        members.setVoicemailPin(Actor.current().orElseThrow(), me(), null);
        redirect.addFlashAttribute("saved", "Voicemail PIN removed: your voicemail cannot be opened by phone until you set one.");
        return "redirect:/me#pin";
    }

    private String show(Model model, Map<String, String> errors, String start, String end, String message) {
        var member = members.get(me());
        var greeting = greetings.of(member.id());
        model.addAttribute("greeting", greeting);
        model.addAttribute("pinLockedUntil", greetings.phoneLockedUntil(member.id()));
        if (!model.containsAttribute("greetingForm")) {
            model.addAttribute("greetingForm", new GreetingForm(greeting.type(), greeting.text(), greeting.voice(), greeting.language()));
        }
        var notifications = greetings.notificationsOf(member.id());
        model.addAttribute("noEmailServer", notifications == null ? null : notifications.noEmailServer());
        if (!model.containsAttribute("notificationsForm")) {
            model.addAttribute("notificationsForm", notifications);
        }
        if (!model.containsAttribute("forwarding")) {
            model.addAttribute("forwarding", ForwardingForm.of(member, companies.current().formats()));
        }
        var v = member.availability().vacation();
        model.addAttribute("member", member);
        model.addAttribute("ringing", ringing(member));
        model.addAttribute("reach", reach.of(member));
        model.addAttribute("errors", errors);
        model.addAttribute("now", clock.instant());
        model.addAttribute("zone", companies.current().timezone());
        var zone = companies.current().timezone();
        model.addAttribute("startDate", start != null ? start : ExtensionsTab.vacationDay(member, clock.instant(), zone, true));
        model.addAttribute("endDate", end != null ? end : ExtensionsTab.vacationDay(member, clock.instant(), zone, false));
        ExtensionsTab.vacationNow(model, member, clock.instant(), companies.current());
        model.addAttribute("message", message != null ? message : v == null ? "" : v.message());
        if (!model.containsAttribute("reason")) {
            model.addAttribute("reason", member.availability().statusReason());
        }
        if (!model.containsAttribute("autoReply")) {
            model.addAttribute("autoReply", v != null && v.autoReply());
        }
        return "me";
    }

    /**
     * Where calls ring the member, in a sentence: their SIP phone by its address, their forwarding number as dialled, both
     * at once when both ring; null when no phone rings for them.
     */
    private String ringing(dev.switchboard.directory.TeamMember member) {
        var format = companies.current().formats();
        var phones = member.phonesRung().stream()
                .map(p -> p.startsWith("+") ? "your forwarding number " + format.phone(p) : "your SIP phone (" + p + ")").toList();
        if (phones.isEmpty()) {
            return null;
        }
        return "Calls ring " + String.join(" and ", phones) + (phones.size() > 1 ? " at once" : "") + ", for up to "
                + member.ringTimeoutSeconds() + " seconds.";
    }

    private static UUID me() {
        var actor = Actor.current().orElseThrow();
        if (actor.memberId() == null) {
            throw new NotFoundException("your login (" + actor.email() + ") is not linked to a team member, so no calls ring you"
                    + " and there is no status, forwarding or greeting of yours to set; an owner or admin links your login to a"
                    + " team member on Team & logins");
        }
        return actor.memberId();
    }
}
