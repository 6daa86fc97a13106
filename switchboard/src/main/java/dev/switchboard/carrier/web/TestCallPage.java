package dev.switchboard.carrier.web;

import dev.switchboard.carrier.TestCalls;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Test call (demo mode): place a simulated call from a chosen number to a company number, press
 * digits, hang up, and follow it (the status fragment refreshes every second while the call lasts).
 */
@Controller
class TestCallPage {

    private final TestCalls calls;
    private final Companies companies;
    private final dev.switchboard.calls.CallLogs logs;
    private final dev.switchboard.directory.Members members;
    private final dev.switchboard.tenancy.Users users;
    private final dev.switchboard.schedule.Schedules schedules;
    private final java.time.Clock clock;

    TestCallPage(TestCalls calls, Companies companies, dev.switchboard.calls.CallLogs logs, dev.switchboard.directory.Members members,
            dev.switchboard.tenancy.Users users, dev.switchboard.schedule.Schedules schedules, java.time.Clock clock) {
        this.users = users;
        this.schedules = schedules;
        this.clock = clock;
        this.calls = calls;
        this.companies = companies;
        this.logs = logs;
        this.members = members;
    }

    /**
     * The call as the app sees it (decision trace, who answered, outcome), once the carrier has reported it. Who answered
     * is shown as soon as they do: the trace ends with "ringing ..." and the outcome comes only with the hangup, so without
     * it an owner watching a test call a member had picked up saw nobody answer.
     */
    private void follow(String id, Model model) {
        var callId = logs.findByCallerLeg(id);
        model.addAttribute("callId", callId.orElse(null));
        var trace = new java.util.ArrayList<String>();
        String outcome = null;
        String answeredBy = null;
        String phase = null;
        if (callId.isPresent()) {
            var detail = logs.get(callId.get());
            trace.addAll(detail.traceLines(users.names()));
            outcome = detail.call().outcome();
            phase = detail.call().endedAt() == null ? detail.call().phase() : null;
            var member = detail.call().answeredBy();
            if (member != null) {
                answeredBy = members.list().stream().filter(m -> m.id().equals(member)).map(m -> m.name()).findFirst()
                        .orElse("a former team member");
            }
        }
        model.addAttribute("trace", trace);
        model.addAttribute("outcome", outcome);
        model.addAttribute("answeredBy", answeredBy);
        var placed = (TestCalls.Placed) model.getAttribute("call");
        model.addAttribute("connected", placed != null && "ANSWERED".equals(placed.state()) ? connected(answeredBy, phase) : null);
        model.addAttribute("heard", placed == null ? List.of() : placed.heard().stream().map(TestCallPage::heard).toList());
    }

    /**
     * What a caller on the line is connected to, said beside the state: the carrier's "answered" is Switchboard taking
     * the call, which a first-time owner read as someone answering (the closed greeting playing said "Answered"); and,
     * at voicemail, that a message is kept only from the beep on, so a test hung up during the greeting leaves none.
     */
    static String connected(String answeredBy, String phase) {
        if ("VOICEMAIL_GREETING".equals(phase)) {
            return "Switchboard answered: the caller hears the voicemail greeting. A message is recorded from the beep on;"
                    + " hung up before it, none is left.";
        }
        if ("VOICEMAIL_RECORDING".equals(phase)) {
            return "Recording a message after the beep: hang up when done, and the message is kept.";
        }
        return answeredBy != null ? "Talking with " + answeredBy + "." : "Switchboard answered: nobody in the team has picked up yet.";
    }

    /**
     * What the caller heard, in words: the carrier plays the ringing tone and hold music from the app's own audio files,
     * whose address said nothing to the owner ("http://localhost:8080/audio/ringback.wav"); a greeting or prompt uploaded
     * as audio is likewise named for what it is.
     */
    static String heard(String prompt) {
        if (!prompt.startsWith("http://") && !prompt.startsWith("https://")) {
            return prompt;
        }
        var path = java.net.URI.create(prompt.replace(" ", "%20")).getPath();
        if (path != null && path.endsWith("/audio/ringback.wav")) {
            return "(ringing, while the team's phones ring)";
        }
        if (path != null && path.endsWith("/audio/hold-music.wav")) {
            return "(hold music)";
        }
        return "(an uploaded recording)";
    }

    @GetMapping("/test-call")
    String page(Model model) {
        return form(model, defaultCaller(), null, Map.of());
    }

    /**
     * The caller the form offers: a mobile of the company's own country (a London company was offered a Chicago number, a
     * call from abroad), the same whenever the page is shown again.
     */
    private String defaultCaller() {
        var region = companies.current().defaultRegion();
        var caller = "US".equals(region) ? null : dev.switchboard.shared.PhoneNumber.mobileExample(region);
        return caller == null ? "+1 312 555 0199" : caller;
    }

    @PostMapping("/test-call")
    String place(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to, Model model,
            HttpServletResponse response) {
        try {
            var placed = calls.place(from, to);
            return "redirect:/test-call/" + placed.id();
        } catch (InvalidInputException e) {
            response.setStatus(422);
            // The numbers a refusal lists ("must be one of the company's numbers: ...") as the page shows numbers, not E.164.
            var formats = companies.current().formats();
            var errors = new java.util.LinkedHashMap<String, String>();
            e.byField().forEach((field, message) -> errors.put(field, formats.readable(message)));
            return form(model, from, to, errors);
        }
    }

    @GetMapping("/test-call/{id}")
    String call(@PathVariable String id, Model model, @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        model.addAttribute("call", calls.get(id));
        model.addAttribute("errors", Map.of());
        follow(id, model);
        return htmx ? "test-call :: status" : "test-call";
    }

    @PostMapping("/test-call/{id}/digits")
    String digits(@PathVariable String id, @RequestParam(defaultValue = "") String digits, Model model,
            HttpServletResponse response) {
        try {
            calls.press(id, digits);
        } catch (InvalidInputException e) {
            return refusedDigits(id, e.byField(), 422, model, response);
        } catch (dev.switchboard.platform.ConflictException e) {
            // Keys before the answer or after the hangup reach nobody: said next to the keypad, not an error page.
            return refusedDigits(id, Map.of(e.problem().field(), e.problem().message()), 409, model, response);
        }
        return "redirect:/test-call/" + id;
    }

    private String refusedDigits(String id, Map<String, String> errors, int status, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("call", calls.get(id));
        model.addAttribute("errors", errors);
        follow(id, model);
        return "test-call";
    }

    @PostMapping("/test-call/{id}/hangup")
    String hangUp(@PathVariable String id) {
        try {
            calls.hangUp(id);
        } catch (dev.switchboard.platform.ConflictException e) {
            // Over already (the caller's side ended it, or a second click): the page shows it so.
        }
        return "redirect:/test-call/" + id;
    }

    /**
     * How a member's demo phone answers (the form beside each member on the page): answer after so many seconds, never,
     * decline, busy, or their cell's own voicemail. A refusal is said on the page, naming the member.
     */
    @PostMapping("/test-call/phones/{memberId}")
    String phone(@PathVariable java.util.UUID memberId, @RequestParam(defaultValue = "") String answers,
            @RequestParam(defaultValue = "") String afterSeconds, Model model, HttpServletResponse response) {
        var timed = answers.equals("ANSWER") || answers.equals("MACHINE");
        Integer seconds = null;
        if (timed) {
            try {
                seconds = Integer.valueOf(afterSeconds.strip());
            } catch (NumberFormatException e) {
                seconds = -1; // refused by the range check, naming the field
            }
        }
        try {
            calls.setPhone(memberId, answers, seconds);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var name = members.get(memberId).name();
            return form(model, defaultCaller(), null, Map.of("phone", name + "'s phone was not changed: "
                    + e.problems().getFirst().message()));
        }
        return "redirect:/test-call#demo-phones";
    }

    private String form(Model model, String from, String to, Map<String, String> errors) {
        if (!calls.available()) {
            throw new dev.switchboard.platform.NotFoundException("test calls", "(only in demo mode, with the simulated carrier)");
        }
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("numbers", calls.dialable());
        model.addAttribute("whose", calls.whose());
        model.addAttribute("ongoing", calls.ongoing());
        // How each member's demo phone answers; the forms for those the viewer may change (an agent their own).
        var actor = dev.switchboard.tenancy.Actor.current().orElseThrow();
        model.addAttribute("demoPhones", calls.phones());
        model.addAttribute("mayChangePhone", (java.util.function.Predicate<java.util.UUID>) id ->
                actor.role() != dev.switchboard.tenancy.Role.AGENT || actor.isMember(id));
        model.addAttribute("errors", errors);
        model.addAttribute("call", null);
        // Closed now (hours, a holiday, a "closed until"): the call is handled as after hours, not rung on the demo phones,
        // which the page said answer after 4 seconds.
        // Which closure it is, and when a test call would ring the team: it said "outside your business hours, or closed
        // for a holiday" and left the owner to guess.
        var schedule = schedules.companySchedule();
        var now = clock.instant();
        var state = schedule.stateAt(now);
        model.addAttribute("closedNow", !state.open());
        model.addAttribute("closedWhy", state.reason() + schedule.transitions(now, 4, 14).stream()
                .filter(dev.switchboard.schedule.Schedule.Transition::open).findFirst()
                .map(t -> "; you open again " + companies.current().formats().dateTime(t.at())).orElse(""));
        return "test-call";
    }
}
