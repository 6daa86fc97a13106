package dev.switchboard.routing.web;

import dev.switchboard.routing.TargetForm;

import dev.switchboard.directory.MemberInput;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.OneTimeForms;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.RuleType;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SetupEssentials;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
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
 * The five-step setup wizard a new company sees at first login: business phone, hours, extensions,
 * first routing rule, done. Each step saves as it goes, so it can be left and resumed ({@code /setup}
 * opens the first step not yet done) or skipped.
 */
@Controller
class SetupWizard {

    static final List<String> STEPS = List.of("phone", "hours", "extensions", "rule", "done");

    /** The one-time tokens of the wizard's team member forms (see {@link #addMember}). */
    private static final String MEMBER_FORM = "setup.member";

    /** The id of the rule this session's wizard saved (see {@link #saveRule}). */
    private static final String SAVED_RULE = SetupWizard.class.getName() + ".rule";

    private static final String DEFAULT_RULE_NAME = "Main line";

    private final Companies companies;
    private final Schedules schedules;
    private final Members members;
    private final RoutingRules rules;
    private final SetupEssentials essentials;
    private final dev.switchboard.tenancy.Users users;
    private final OneTimeForms forms;
    private final dev.switchboard.routing.RoutingSnapshots snapshots;
    private final java.time.Clock clock;

    SetupWizard(Companies companies, Schedules schedules, Members members, RoutingRules rules, SetupEssentials essentials,
            dev.switchboard.tenancy.Users users, OneTimeForms forms, dev.switchboard.routing.RoutingSnapshots snapshots,
            java.time.Clock clock) {
        this.forms = forms;
        this.snapshots = snapshots;
        this.clock = clock;
        this.essentials = essentials;
        this.users = users;
        this.companies = companies;
        this.schedules = schedules;
        this.members = members;
        this.rules = rules;
    }

    @GetMapping("/setup")
    String resume() {
        var company = companies.current();
        String step;
        if (company.businessNumbers().isEmpty()) {
            step = "phone";
        } else if (schedules.businessHours().ranges().isEmpty()) {
            step = "hours";
        } else if (members.list().isEmpty() || members.list().stream().anyMatch(m -> m.phoneExtension() == null)) {
            step = "extensions";
        } else if (rules.list().isEmpty()) {
            step = "rule";
        } else {
            step = "done";
        }
        return "redirect:/setup/" + step;
    }

    @GetMapping("/setup/phone")
    String phone(Model model) {
        var company = companies.current();
        return phoneStep(model, company.businessNumbers().isEmpty() ? "" : company.businessNumbers().getFirst().international(),
                company.timezone().getId(), Map.of());
    }

    @PostMapping("/setup/phone")
    String savePhone(@RequestParam(defaultValue = "") String businessNumber, @RequestParam(defaultValue = "") String timezone,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var company = companies.current();
        if (businessNumber.isBlank()) {
            // Checked before anything is saved: a refused step changes nothing (not the numbers, not the timezone).
            response.setStatus(422);
            return phoneStep(model, businessNumber, timezone, Map.of("business_numbers", "enter the number your customers call"));
        }
        var region = Companies.countryAfter(company, timezone);
        // The step shows the first number; the others (set on the General tab) stay as they are.
        var numbers = new java.util.ArrayList<String>();
        numbers.add(businessNumber);
        var typed = e164(businessNumber, region);
        company.businessNumbers().stream().skip(1).map(n -> n.e164()).filter(n -> !n.equals(typed)).forEach(numbers::add);
        try {
            companies.update(actor(), new Companies.Settings(company.name(), timezone, region, numbers));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return phoneStep(model, businessNumber, timezone, e.byField());
        } catch (ConflictException e) {
            response.setStatus(422);
            return phoneStep(model, businessNumber, timezone, Map.of(e.problem().field(), e.problem().message()));
        }
        // Typed otherwise than it reads (letters, 1-800-COOL-AIR, or other digits): what was saved is said on the next step,
        // so a number read as something else is seen at once, not found out when no call comes.
        var saved = companies.current().businessNumbers();
        if (!saved.isEmpty() && readAsSomethingElse(businessNumber, saved.getFirst().e164())) {
            redirect.addFlashAttribute("notice", "Your business number was saved as "
                    + saved.getFirst().display(companies.current().defaultRegion()) + " (you typed " + businessNumber.strip()
                    + "). If that is not the number your customers call, go back to step 1 and correct it.");
        }
        if (!region.equals(company.defaultRegion())) {
            redirect.addFlashAttribute("stepWarnings", List.of(Companies.countryMoved(region)));
        }
        return "redirect:/setup/hours";
    }

    /** True when the typed number has letters, or digits that are not the saved number's (as typed at home or abroad). */
    static boolean readAsSomethingElse(String typed, String e164) {
        if (typed.chars().anyMatch(Character::isLetter)) {
            return true;
        }
        var digits = typed.replaceAll("[^0-9]", "");
        return digits.isEmpty() || !e164.substring(1).endsWith(digits.replaceFirst("^0+", ""));
    }

    /** The typed number in E.164, or null when it is not one (the company's update then says why). */
    private static String e164(String typed, String region) {
        try {
            return dev.switchboard.shared.PhoneNumber.parse(typed, region).e164();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GetMapping("/setup/hours")
    String hours(Model model) {
        var hours = schedules.businessHours();
        var current = hours.ranges();
        var weekdays = new java.util.HashMap<String, String>();
        for (var d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            weekdays.put(d + ".open", "on");
            weekdays.put(d + ".start", "08:00");
            weekdays.put(d + ".end", "17:00");
        }
        // Hours never set start as Monday to Friday 08:00-17:00; hours saved (even closed every day) are shown as saved.
        var days = hours.configured() ? WeekForm.of(current) : WeekForm.of(weekdays);
        return step(model, "hours", Map.of("days", days, "errors", Map.of(), "splitDays", WeekForm.splitDays(current),
                "overnight", Map.of()));
    }

    /**
     * Saves the week. A day past midnight open 16 hours or more (8:00 AM to 5:00 AM typed for 5:00 PM) is asked about
     * beside it, as on the Hours tab, and saved once its "Yes, open overnight" is ticked; a week with no open day is saved
     * and its warning said on the next step (it went by without a word).
     */
    @PostMapping("/setup/hours")
    String saveHours(@RequestParam Map<String, String> params, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var days = WeekForm.of(params);
        var current = schedules.businessHours().ranges();
        var ranges = new java.util.ArrayList<>(WeekForm.ranges(days));
        ranges.addAll(WeekForm.laterRanges(current, days));
        var confirmed = new java.util.HashSet<String>();
        days.stream().filter(d -> params.containsKey(d.day() + ".overnight")).forEach(d -> confirmed.add(d.day()));
        var questions = Schedules.overnightQuestions(ranges, current, confirmed);
        if (!questions.isEmpty()) {
            var errors = new java.util.HashMap<String, String>();
            try {
                Schedules.check(ranges);
            } catch (InvalidInputException e) {
                errors.putAll(WeekForm.errors(ranges, e.byField()));
            }
            var overnight = new java.util.HashMap<String, Boolean>();
            questions.forEach((i, q) -> {
                errors.putIfAbsent(ranges.get(i).day(), q);
                overnight.put(ranges.get(i).day(), false);
            });
            confirmed.forEach(d -> overnight.put(d, true));
            response.setStatus(422);
            return step(model, "hours", Map.of("days", days, "errors", errors, "splitDays", WeekForm.splitDays(current),
                    "overnight", overnight));
        }
        Schedules.Saved saved;
        try {
            saved = schedules.setBusinessHours(actor(), ranges);
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var overnight = new java.util.HashMap<String, Boolean>();
            confirmed.forEach(d -> overnight.put(d, true));
            return step(model, "hours", Map.of("days", days, "errors", WeekForm.errors(ranges, e.byField()),
                    "splitDays", WeekForm.splitDays(current), "overnight", overnight));
        }
        // The week's own warning (no open hours), as the API returns it; a range's (a long night) was asked and confirmed.
        var warnings = saved.warnings().stream().filter(w -> w.field().equals("ranges"))
                .map(w -> "Hours saved. " + Character.toUpperCase(w.message().charAt(0)) + w.message().substring(1) + ".").toList();
        if (!warnings.isEmpty()) {
            redirect.addFlashAttribute("stepWarnings", warnings);
        }
        return "redirect:/setup/extensions";
    }

    @GetMapping("/setup/extensions")
    String extensions(Model model) {
        return extensionsStep(model, "", "", "", OneTimeForms.newToken(), Map.of());
    }

    /**
     * Adds one team member. Each form shown carries a one-time token ({@link OneTimeForms}): the same form sent again
     * (a double click, or the filled form sent again after going back) adds nobody, while a new form may add a second
     * person of the same name.
     *
     * <p>{@code phone} is where the member's calls ring: a SIP address ({@code sip:...}), else a number calls are
     * forwarded to (national format read in the company's region). A member without one is skipped by every rule.
     *
     * <p>The step's Continue sends this form too ({@code next=rule}): a member typed and not yet added is added first,
     * refused as Add refuses it (the step shown again with what was typed), rather than dropped without a word as the
     * link it was dropped them; with nothing typed it only goes on to the next step.
     */
    @PostMapping("/setup/extensions")
    String addMember(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String extension,
            @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String phone,
            @RequestParam(defaultValue = "") String submission, @RequestParam(defaultValue = "") String next,
            @RequestParam(defaultValue = "") String me,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        boolean continuing = "rule".equals(next);
        model.addAttribute("meTicked", !me.isBlank());
        var after = continuing ? "redirect:/setup/rule" : "redirect:/setup/extensions";
        if (continuing && name.isBlank() && extension.isBlank() && email.isBlank() && phone.isBlank()) {
            return after;
        }
        if (!forms.claim(MEMBER_FORM, submission)) {
            return after;
        }
        var sip = phone.strip().regionMatches(true, 0, "sip:", 0, 4);
        var forwarding = !sip && !phone.isBlank();
        dev.switchboard.directory.TeamMember created;
        try {
            created = members.create(actor(), new MemberInput(name, email, null, extension, null, true, null, null, forwarding ? true : null,
                    forwarding ? phone : null, null, null, null, null, sip ? phone.strip() : null, null));
        } catch (InvalidInputException e) {
            forms.release(MEMBER_FORM, submission);
            response.setStatus(422);
            return refusedMember(model, name, extension, phone, submission, phoneErrors(e.byField()), continuing);
        } catch (ConflictException e) {
            forms.release(MEMBER_FORM, submission);
            response.setStatus(422);
            return refusedMember(model, name, extension, phone, submission,
                    phoneErrors(Map.of(e.problem().field(), e.problem().message())), continuing);
        } catch (RuntimeException e) {
            forms.release(MEMBER_FORM, submission);
            throw e;
        }
        var notice = name.strip() + " was added to the team.";
        if (!me.isBlank() && actor().memberId() == null) {
            // "This is me": the owner adding himself links his login to the member, so his phone rings for his own calls
            // and the call log shows them as his (it said "your login needs a team member" and nothing here did it).
            var linked = linkMe(created.id());
            notice = linked == null ? notice + " Your login is now linked to " + created.name() + "."
                    : notice + " Your login was not linked to them: " + linked + ".";
        }
        if (continuing || !me.isBlank()) {
            redirect.addFlashAttribute("notice", notice);
        }
        return after;
    }

    /**
     * "This is me" beside a listed member: links the signed-in login to them, as Team &amp; logins does and by its rules (a
     * member has one login at most: one linked to someone else's is refused, said at the top of the step).
     */
    @PostMapping("/setup/extensions/{id}/me")
    String thisIsMe(@PathVariable UUID id, RedirectAttributes redirect) {
        var member = members.get(id);
        var problem = linkMe(id);
        if (problem == null) {
            redirect.addFlashAttribute("notice", "Your login is now linked to " + member.name()
                    + ": calls for you ring their phone, and the call log shows them as yours.");
        } else {
            redirect.addFlashAttribute("removeProblem", "Your login was not linked to " + member.name() + ": " + problem + ".");
        }
        return "redirect:/setup/extensions";
    }

    /** Links the signed-in login to the member; null when done, else why not (in the words of {@link dev.switchboard.tenancy.Users}). */
    private String linkMe(UUID memberId) {
        var actor = actor();
        if (actor.userId() == null) {
            return "only a signed-in login can be linked to a team member";
        }
        try {
            users.update(actor, actor.userId(), new dev.switchboard.tenancy.Users.UserInput(null, null, null, null, memberId, null));
            return null;
        } catch (InvalidInputException e) {
            return String.join("; ", e.byField().values());
        } catch (ConflictException e) {
            return e.problem().message();
        }
    }

    /** The step again after a refused member, saying, when Continue sent it, why the wizard did not go on. */
    private String refusedMember(Model model, String name, String extension, String phone, String submission,
            Map<String, String> errors, boolean continuing) {
        if (continuing) {
            model.addAttribute("memberNotAdded", "The team member you typed was not added yet, so the wizard did not go on: "
                    + "correct the fields marked below and click Continue again (or clear them to go on without adding anyone).");
        }
        return extensionsStep(model, name, extension, phone, submission, errors);
    }

    /** The member's phone is one field of the step: a refused forwarding number or SIP address is said beside it. */
    private static Map<String, String> phoneErrors(Map<String, String> byField) {
        var errors = new java.util.LinkedHashMap<>(byField);
        for (var field : List.of("call_forwarding_number", "sip_address")) {
            if (byField.containsKey(field)) {
                errors.putIfAbsent("phone", byField.get(field));
            }
        }
        return errors;
    }

    /**
     * Takes a member added by mistake off the team (a misspelt name, a person added twice), as the Extensions tab's delete
     * does: refused, said at the top of the step, while a rule or anything else still sends them calls.
     */
    @PostMapping("/setup/extensions/{id}/remove")
    String removeMember(@PathVariable UUID id, RedirectAttributes redirect) {
        var name = members.get(id).name();
        try {
            members.delete(actor(), id);
            redirect.addFlashAttribute("removed", name + " was removed.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("removeProblem", name + " was not removed: " + e.problem().message() + ".");
            // Rung by a rule the wizard's step 4 shows: "change those first" was a dead end here, the way out is that step.
            if (rules.list().stream().anyMatch(r -> (r.type() == RuleType.DIRECT || r.type() == RuleType.ROUND_ROBIN
                    || r.type() == RuleType.SIMULTANEOUS) && r.memberIds().contains(id))) {
                redirect.addFlashAttribute("removeFromRule", name);
            }
        }
        return "redirect:/setup/extensions";
    }

    @PostMapping("/setup/extensions/assign")
    String assign() {
        members.assignNextFreeExtensions(actor(), 101);
        return "redirect:/setup/extensions";
    }

    @GetMapping("/setup/rule")
    String rule(HttpSession session, Model model) {
        var saved = wizardRule(session, "", DEFAULT_RULE_NAME);
        if (saved.isPresent()) {
            var r = saved.get();
            return ruleStep(model, r.id().toString(), r.name(), r.type().name(), r.memberIds(), Map.of());
        }
        // Ticked at first: whoever has a phone to ring. A member with none (no desk phone or app, no mobile number) was ticked
        // too, and a rule ringing only them sends every call to voicemail.
        return ruleStep(model, "", DEFAULT_RULE_NAME, "SIMULTANEOUS", members.list().stream()
                .filter(m -> !dev.switchboard.routing.Router.destinations(m).isEmpty()).map(m -> m.id()).toList(), Map.of());
    }

    /**
     * Saves the step's rule. Submitted again (a double click, or back through the wizard) it changes the rule this
     * wizard saved, even renamed, and makes no second one; what the step does not show (ring timeout, voicemail,
     * recording, where an unanswered call goes, set on the Rules tab) is kept.
     */
    @PostMapping("/setup/rule")
    String saveRule(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "SIMULTANEOUS") String type,
            @RequestParam(required = false) List<UUID> memberIds, @RequestParam(defaultValue = "") String ruleId,
            HttpSession session, Model model, HttpServletResponse response) {
        var ids = memberIds == null ? List.<UUID>of() : memberIds;
        var again = wizardRule(session, ruleId, name.strip());
        if (!List.of("SIMULTANEOUS", "ROUND_ROBIN", "DIRECT").contains(type)) {
            // The step's three ways to ring: another type (a menu, the hours) needs fields the step has not, and its refusal
            // named one the page could not show.
            response.setStatus(422);
            return ruleStep(model, again.map(r -> r.id().toString()).orElse(""), name, "SIMULTANEOUS", ids, Map.of("type",
                    "choose how calls ring: everyone at once, round robin or one person (other kinds of rule are made on the Rules tab)"));
        }
        if (ids.isEmpty()) {
            // The rules API only warns about a rule with nobody in it (a rule being built may be empty for a while), but
            // the wizard ends by saying "you're ready to take calls": its rule must ring someone, or every call in opening
            // hours would go straight to voicemail. Checked before anything is saved.
            response.setStatus(422);
            return ruleStep(model, again.map(r -> r.id().toString()).orElse(""), name, type, ids, Map.of("member_ids",
                    members.list().isEmpty()
                            ? "add a team member first (step 3, Extensions): calls ring the people in this rule"
                            : "choose at least one person: with nobody in the rule every call goes to voicemail"));
        }
        try {
            RoutingRules.Saved saved;
            if (again.isPresent()) {
                var r = again.get();
                var noAnswer = TargetForm.of(r.noAnswerTarget());
                saved = rules.update(actor(), r.id(), new RuleInput.Rule(name, type, r.enabled(), r.ringTimeoutSeconds(),
                        r.voicemailEnabled(), r.recordingEnabled(), ids, null, null, null, null, null, null,
                        TargetForm.input(noAnswer.kind(), noAnswer.member(), noAnswer.rule(), noAnswer.number(), noAnswer.message()),
                        r.assignedMemberFirst() && ("ROUND_ROBIN".equals(type) || "SIMULTANEOUS".equals(type))));
            } else {
                saved = rules.create(actor(), new RuleInput.Rule(name, type, true, 20, true, false, ids, null, null, null, null, null,
                        null, null));
            }
            session.setAttribute(SAVED_RULE, saved.rule().id());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return ruleStep(model, again.map(r -> r.id().toString()).orElse(""), name, type, ids, e.byField());
        } catch (ConflictException e) {
            // A rule of that name the step cannot show (a menu or a condition made on the Rules tab) keeps its name.
            response.setStatus(422);
            return ruleStep(model, again.map(r -> r.id().toString()).orElse(""), name, type, ids,
                    Map.of(e.problem().field(), e.problem().message()));
        }
        return "redirect:/setup/done";
    }

    /**
     * The rule the step changes rather than making another: the one its form was showing, else the one this session's
     * wizard saved, else one of the given name (trimmed, in any case), else (no form's rule shown) the company's only rule. Only a rule the step can show (ringing members) counts: one made into a
     * menu or a condition on the Rules tab is left alone.
     */
    private java.util.Optional<dev.switchboard.routing.RoutingRule> wizardRule(HttpSession session, String shown, String name) {
        var ringing = rules.list().stream().filter(r -> r.type() == RuleType.DIRECT || r.type() == RuleType.ROUND_ROBIN
                || r.type() == RuleType.SIMULTANEOUS).toList();
        var remembered = session.getAttribute(SAVED_RULE);
        for (var id : java.util.Arrays.asList(shown, remembered == null ? "" : remembered.toString())) {
            var found = ringing.stream().filter(r -> r.id().toString().equals(id)).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        // Compared as the rule names' unique index compares them, trimmed and in any case: a rule saved before names
        // were trimmed (" Main line ") is the step's rule, not one more that its name would refuse.
        var key = name.strip().toLowerCase(java.util.Locale.ROOT);
        var named = ringing.stream().filter(r -> r.name().strip().toLowerCase(java.util.Locale.ROOT).equals(key)).findFirst();
        if (named.isPresent() || !shown.isBlank()) {
            return named;
        }
        // Come back in another session (signed in again, another browser) with the company's only rule one the step can
        // show, renamed from "Main line" ("Office"): the step showed a new rule's form, and saving it made a second rule
        // below the first, which takes every call, so it was never reached. That rule is the step's rule.
        var all = rules.list();
        return all.size() == 1 && ringing.size() == 1 ? java.util.Optional.of(ringing.getFirst()) : java.util.Optional.empty();
    }

    @GetMapping("/setup/done")
    String done(Model model) {
        var team = members.list();
        // Whoever has nowhere to ring (no SIP address, no forwarding number) is skipped by every rule, so their calls go
        // to voicemail: said here, where the owner believes they are ready, not found out from a missed customer.
        var noPhone = team.stream().filter(m -> dev.switchboard.routing.Router.destinations(m).isEmpty())
                .map(dev.switchboard.directory.TeamMember::name).toList();
        // "You're ready to take calls" only when nothing essential is missing: otherwise what is, and what it means for calls.
        return step(model, "done", Map.of("rules", rules.list(), "members", team, "noPhone", noPhone, "missing", essentials.missing(),
                "examples", examples(), "mainNumber", companies.current().businessNumbers().stream().findFirst()
                        .map(n -> companies.current().formats().phone(n)).orElse("")));
    }

    /** A call to the main number at one time, in the words of "Try your routing": while open or closed, when, what happens. */
    record Example(String label, String when, List<WhatIfView.Line> plan) {
    }

    /**
     * What a call to the main number does while the business is open and while it is closed (now, or the next change
     * that makes it so), decided as the calls decide ({@link dev.switchboard.routing.RoutingSnapshots#whatIf}, the
     * simulation's service): the last step said "your number rings your team by your rules" and the owner found out what
     * that meant from the first customer's call. None without a number; one when the business is never closed or never open.
     */
    private List<Example> examples() {
        var company = companies.current();
        if (company.businessNumbers().isEmpty()) {
            return List.of();
        }
        var main = company.businessNumbers().getFirst().e164();
        var schedule = schedules.companySchedule();
        var now = clock.instant();
        java.time.Instant openAt = null;
        java.time.Instant closedAt = null;
        if (schedule.isOpen(now)) {
            openAt = now;
        } else {
            closedAt = now;
        }
        for (var change : schedule.transitions(now, 4, 14)) {
            if (change.open() && openAt == null) {
                openAt = change.at();
            } else if (!change.open() && closedAt == null) {
                closedAt = change.at();
            }
        }
        var fmt = company.formats();
        var examples = new java.util.ArrayList<Example>();
        for (var at : java.util.Arrays.asList(openAt, closedAt)) {
            if (at != null) {
                var view = WhatIfView.of(snapshots.whatIf(null, main, at), fmt);
                examples.add(new Example(at == openAt ? "While you are open" : "While you are closed",
                        at.equals(now) ? "such as now" : "such as " + fmt.dateTime(at), view.plan()));
            }
        }
        return examples;
    }

    @PostMapping("/setup/finish")
    String finish() {
        companies.setSetupCompleted(actor(), true);
        return "redirect:/?setupDone";
    }

    @PostMapping("/setup/skip")
    String skip() {
        companies.setSetupCompleted(actor(), true);
        return "redirect:/";
    }

    private String phoneStep(Model model, String number, String timezone, Map<String, String> errors) {
        // The hint and the placeholder in the company's country's way (a UK company's "07400 123456", not a US number).
        var example = dev.switchboard.shared.PhoneNumber.example(companies.current().defaultRegion());
        if (example == null) {
            example = dev.switchboard.shared.PhoneNumber.example("US");
        }
        return step(model, "phone", Map.of("businessNumber", number, "timezone", timezone, "errors", errors,
                "timezones", dev.switchboard.tenancy.Timezones.choices(timezone), "numberExample", example[0], "numberPlaceholder", example[1]));
    }

    private String extensionsStep(Model model, String name, String extension, String phone, String submission,
            Map<String, String> errors) {
        // Who each member's login is, so the step shows "(you)" and offers "This is me" while the signed-in login has none.
        var actor = actor();
        var logins = new java.util.HashMap<UUID, String>();
        users.list().stream().filter(u -> u.memberId() != null).forEach(u -> logins.put(u.memberId(), u.email()));
        return step(model, "extensions", Map.of("members", members.list(), "name", name, "extension", extension, "phone", phone,
                "submission", submission, "errors", errors, "logins", logins, "myMember", actor.memberId() == null ? "" : actor.memberId().toString(),
                "canLinkMe", actor.userId() != null && actor.memberId() == null,
                // A mobile of the company's country (a UK company's "+44 7400 123456", not a Chicago number).
                "phonePlaceholder", java.util.Objects.requireNonNullElse(
                        dev.switchboard.shared.PhoneNumber.mobileExample(companies.current().defaultRegion()), "+1 312 555 0142")));
    }

    private String ruleStep(Model model, String ruleId, String name, String type, List<UUID> ids, Map<String, String> errors) {
        var team = members.list();
        var noPhone = team.stream().filter(m -> dev.switchboard.routing.Router.destinations(m).isEmpty()).map(m -> m.id())
                .collect(java.util.stream.Collectors.toSet());
        return step(model, "rule", Map.of("members", team, "ruleId", ruleId, "name", name, "type", type, "memberIds", ids,
                "errors", errors, "noPhone", noPhone));
    }

    private String step(Model model, String step, Map<String, ?> attributes) {
        model.addAttribute("step", step);
        model.addAttribute("completed", completed());
        model.addAttribute("stepIndex", STEPS.indexOf(step));
        model.addAttribute("steps", STEPS);
        model.addAllAttributes(attributes);
        return "setup/wizard";
    }

    /**
     * The steps whose part is in place, however it was made (here or on the settings pages): their pills show done. A
     * step passed by without it (skipped) is not shown done, as it was (every pill before the current one was green).
     */
    private java.util.Set<String> completed() {
        var done = new java.util.HashSet<String>();
        if (!companies.current().businessNumbers().isEmpty()) {
            done.add("phone");
        }
        if (schedules.businessHours().configured()) {
            done.add("hours");
        }
        if (!members.list().isEmpty()) {
            done.add("extensions");
        }
        if (!rules.list().isEmpty()) {
            done.add("rule");
        }
        return done;
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
