package dev.switchboard.routing.web;

import dev.switchboard.routing.TargetForm;

import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.Warning;
import dev.switchboard.platform.WholeNumberField;
import dev.switchboard.routing.IvrMenu;
import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.RoutingRule;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.RuleType;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.DisplayFormats;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Phone settings, Call Routing tab: the rules in priority order, moved up and down, and a form per rule type. */
@Controller
class RulesTab {

    static final String URL = "/settings/communications/phone/routing";

    private final RoutingRules rules;
    private final Members members;
    private final IvrMenus menus;
    private final Schedules schedules;

    RulesTab(RoutingRules rules, Members members, IvrMenus menus, Schedules schedules) {
        this.rules = rules;
        this.members = members;
        this.menus = menus;
        this.schedules = schedules;
    }

    /** The types whose form shows the members to ring and how long (the template's {@code data-for-types}). */
    static final java.util.Set<String> RINGING_TYPES = java.util.Set.of("DIRECT", "ROUND_ROBIN", "SIMULTANEOUS");

    record Form(String name, String type, Boolean enabled, String ringTimeoutSeconds, Boolean voicemailEnabled,
            Boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId, String callerPattern,
            Boolean knownCustomer, String customerTag, String dialledNumber, List<String> weekdays, String timeFrom,
            String timeTo, String matchKind, UUID matchMember, UUID matchRule, String matchNumber, String matchMessage,
            String openKind, UUID openMember, UUID openRule, String openNumber, String openMessage, String closedKind,
            UUID closedMember, UUID closedRule, String closedNumber, String closedMessage, String noAnswerKind,
            UUID noAnswerMember, UUID noAnswerRule, String noAnswerNumber, String noAnswerMessage, Boolean assignedMemberFirst) {

        static Form blank() {
            return new Form("", "SIMULTANEOUS", true, "20", true, false, List.of(), null, null, null, null, null, null,
                    List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, false);
        }

        static Form of(RoutingRule r) {
            var c = r.conditions();
            var m = TargetForm.of(r.matchTarget());
            var o = TargetForm.of(r.openTarget());
            var cl = TargetForm.of(r.closedTarget());
            var n = TargetForm.of(r.noAnswerTarget());
            return new Form(r.name(), r.type().name(), r.enabled(), WholeNumberField.text(r.ringTimeoutSeconds()), r.voicemailEnabled(),
                    r.recordingEnabled(), r.memberIds(), r.ivrMenuId(), r.scheduleId(),
                    c == null ? null : c.callerPattern(), c == null ? null : c.knownCustomer(), c == null ? null : c.customerTag(),
                    c == null ? null : c.dialledNumber(),
                    c == null || c.weekdays() == null ? List.of() : c.weekdays().stream().map(Object::toString).toList(),
                    c == null ? null : timeField(c.timeFromMinute()), c == null ? null : timeField(c.timeToMinute()),
                    m.kind(), m.member(), m.rule(), m.number(), m.message(), o.kind(), o.member(), o.rule(), o.number(), o.message(),
                    cl.kind(), cl.member(), cl.rule(), cl.number(), cl.message(), n.kind(), n.member(), n.rule(), n.number(), n.message(),
                    r.assignedMemberFirst());
        }

        /** A window's time as its time field holds it (an end at midnight, 24:00, as 00:00); none for none. */
        static String timeField(Integer minute) {
            return minute == null ? null : OpenRange.timeField(minute);
        }

        /**
         * The input for the service. The ring time, shown for the types that ring members, is refused here when it is no
         * whole number or left empty; for the other types its field is hidden, and what it holds is not read.
         */
        RuleInput.Rule input() {
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            Integer ring = null;
            if (type != null && RINGING_TYPES.contains(type)) { // a form without a type (not sent by the page) is refused for it below
                ring = WholeNumberField.read("ring_timeout_seconds", ringTimeoutSeconds, "a whole number of seconds, "
                        + dev.switchboard.routing.RoutingRules.MIN_TIMEOUT + " to " + dev.switchboard.routing.RoutingRules.MAX_TIMEOUT, problems);
            } else if (ringTimeoutSeconds != null && ringTimeoutSeconds.strip().matches("[0-9]{1,9}")) {
                ring = Integer.valueOf(ringTimeoutSeconds.strip()); // kept for the day the type is changed back
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            boolean anyCondition = TargetForm.blank(callerPattern) != null || knownCustomer != null || TargetForm.blank(customerTag) != null
                    || TargetForm.blank(dialledNumber) != null || (weekdays != null && !weekdays.isEmpty())
                    || TargetForm.blank(timeFrom) != null || TargetForm.blank(timeTo) != null;
            var conditions = anyCondition ? new RuleInput.ConditionsInput(TargetForm.blank(callerPattern), knownCustomer,
                    TargetForm.blank(customerTag), TargetForm.blank(dialledNumber), weekdays == null ? List.of() : weekdays,
                    TargetForm.blank(timeFrom), OpenRange.typedEnd(TargetForm.blank(timeTo))) : null;
            return new RuleInput.Rule(name, type, Boolean.TRUE.equals(enabled), ring,
                    Boolean.TRUE.equals(voicemailEnabled), Boolean.TRUE.equals(recordingEnabled),
                    memberIds == null ? List.of() : memberIds, ivrMenuId, scheduleId, conditions,
                    TargetForm.input(matchKind, matchMember, matchRule, matchNumber, matchMessage),
                    TargetForm.input(openKind, openMember, openRule, openNumber, openMessage),
                    TargetForm.input(closedKind, closedMember, closedRule, closedNumber, closedMessage),
                    TargetForm.input(noAnswerKind, noAnswerMember, noAnswerRule, noAnswerNumber, noAnswerMessage),
                    // Shown only for the types that have it: a switch left on, hidden when the type changed, is not sent.
                    Boolean.TRUE.equals(assignedMemberFirst) && ("ROUND_ROBIN".equals(type) || "SIMULTANEOUS".equals(type)));
        }
    }

    @GetMapping(URL)
    String page(Model model) {
        list(model);
        return "settings/routing";
    }

    @GetMapping(URL + "/new")
    String newRule(Model model) {
        return form(model, null, Form.blank(), Map.of());
    }

    @GetMapping(URL + "/{id}")
    String edit(@PathVariable UUID id, Model model) {
        return form(model, id, Form.of(rules.get(id)), Map.of());
    }

    @PostMapping(URL)
    String create(@ModelAttribute Form form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return save(null, form, model, response, redirect);
    }

    @PostMapping(URL + "/{id}")
    String update(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        return save(id, form, model, response, redirect);
    }

    @PostMapping(URL + "/{id}/delete")
    String delete(@PathVariable UUID id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var name = rules.get(id).name();
        try {
            rules.delete(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Rule \u201c" + name + "\u201d deleted.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Rule \u201c" + name + "\u201d was not deleted: " + e.problems().getFirst().message());
        } catch (ConflictException e) {
            // Each place that sends calls to it, linked to where it is changed, as a member's delete lists them.
            var uses = rules.usesOf(id);
            redirect.addFlashAttribute("problem", "Rule \u201c" + name + "\u201d was not deleted: " + (uses.isEmpty()
                    ? e.problem().message() + "." : "these send calls to it. Point each elsewhere, then delete it:"));
            redirect.addFlashAttribute("problemUses", uses.stream().map(dev.switchboard.directory.MemberReferences.Use::link).toList());
        }
        return "redirect:" + URL;
    }

    /** The enable toggle on the list: the rule saved as it is, enabled or not (a refusal is shown above the list). */
    @PostMapping(URL + "/{id}/enabled")
    String enable(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes redirect) {
        var current = Form.of(rules.get(id));
        var changed = new Form(current.name(), current.type(), enabled, current.ringTimeoutSeconds(), current.voicemailEnabled(),
                current.recordingEnabled(), current.memberIds(), current.ivrMenuId(), current.scheduleId(), current.callerPattern(),
                current.knownCustomer(), current.customerTag(), current.dialledNumber(), current.weekdays(), current.timeFrom(),
                current.timeTo(), current.matchKind(), current.matchMember(), current.matchRule(), current.matchNumber(),
                current.matchMessage(), current.openKind(), current.openMember(), current.openRule(), current.openNumber(),
                current.openMessage(), current.closedKind(), current.closedMember(), current.closedRule(), current.closedNumber(),
                current.closedMessage(), current.noAnswerKind(), current.noAnswerMember(), current.noAnswerRule(),
                current.noAnswerNumber(), current.noAnswerMessage(), current.assignedMemberFirst());
        try {
            var saved = rules.update(Actor.current().orElseThrow(), id, changed.input());
            redirect.addFlashAttribute("saved", "Rule \u201c" + saved.rule().name() + "\u201d " + (enabled ? "enabled." : "disabled."));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Not changed: " + e.problems().getFirst().message());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", "Not changed: " + e.problem().message());
        }
        return "redirect:" + URL;
    }

    /** Up or down one place; htmx gets the list back, a plain form post the page. */
    @PostMapping(URL + "/{id}/move")
    String move(@PathVariable UUID id, @RequestParam String direction, Model model,
            @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        rules.move(Actor.current().orElseThrow(), id, direction);
        if (htmx) {
            list(model);
            return "settings/routing :: rules";
        }
        return "redirect:" + URL;
    }

    private String save(UUID id, Form form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        RoutingRules.Saved saved;
        try {
            saved = id == null ? rules.create(actor, form.input()) : rules.update(actor, id, form.input());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, id, form, e.byField());
        } catch (ConflictException e) {
            response.setStatus(422);
            return form(model, id, form, Map.of(e.problem().field(), e.problem().message()));
        }
        redirect.addFlashAttribute("saved", "Rule \u201c" + saved.rule().name() + "\u201d saved.");
        redirect.addFlashAttribute("warnings", Map.of(saved.rule().id(), saved.warnings()));
        return "redirect:" + URL;
    }

    private void list(Model model) {
        var all = rules.list();
        model.addAttribute("rules", all);
        model.addAttribute("menuNames", menus.list().stream().collect(Collectors.toMap(IvrMenu::id, IvrMenu::name)));
        var memberNames = members.list().stream().collect(Collectors.toMap(TeamMember::id, TeamMember::name));
        model.addAttribute("memberNames", memberNames);
        var queueNames = new java.util.HashMap<UUID, String>();
        if (model.getAttribute("queueChoices") instanceof List<?> choices) {
            choices.forEach(c -> {
                if (c instanceof dev.switchboard.routing.QueueReferences.Choice q) {
                    queueNames.put(q.id(), q.name());
                }
            });
        }
        var fmt = model.getAttribute("fmt") instanceof DisplayFormats f ? f : null;
        var ruleNames = all.stream().collect(Collectors.toMap(RoutingRule::id, RoutingRule::name));
        var summaries = new java.util.HashMap<UUID, String>();
        for (var r : all) {
            summaries.put(r.id(), summary(r, memberNames, ruleNames, queueNames, fmt));
        }
        model.addAttribute("summaries", summaries);
        // What else sends calls to each rule (a menu's key, a holiday, the after-hours target, another rule): a submenu's or
        // the after-hours menu's rule read only "Tried 7th. Takes every call that gets this far", as if it were in the order
        // for nothing, though that is how its calls come.
        var sentBy = new java.util.HashMap<UUID, List<dev.switchboard.platform.PlaceLink>>();
        for (var r : all) {
            var uses = dev.switchboard.directory.MemberReferences.Use.merged(rules.usesOf(r.id()));
            if (!uses.isEmpty()) {
                sentBy.put(r.id(), uses.stream().map(dev.switchboard.directory.MemberReferences.Use::link).toList());
            }
        }
        model.addAttribute("sentBy", sentBy);
        // Every rule's current warnings, plus any a save just reported (flash) that are not among them.
        var warnings = new java.util.HashMap<UUID, List<Warning>>(rules.warnings());
        if (model.getAttribute("warnings") instanceof Map<?, ?> flashed) {
            flashed.forEach((id, list) -> {
                if (id instanceof UUID rule && list instanceof List<?> items && !items.isEmpty()) {
                    warnings.putIfAbsent(rule, items.stream().map(Warning.class::cast).toList());
                }
            });
        }
        model.addAttribute("warnings", warnings);
    }

    /**
     * Which calls {@code rule} takes and where it sends them, in a line of the rules list: "When the caller is a customer
     * tagged VIP: to James Carter; other calls go on to the next rule", or, for a rule of any other type, that it takes
     * every call that gets to it (only conditional rules have conditions), which is why the rules below it wait in vain.
     */
    static String summary(RoutingRule rule, Map<UUID, String> memberNames, Map<UUID, String> ruleNames,
            Map<UUID, String> queueNames, DisplayFormats fmt) {
        java.util.function.Function<dev.switchboard.routing.Target, String> to = t -> target(t, memberNames, ruleNames, queueNames, fmt);
        var line = (rule.enabled() ? "" : "Disabled, so calls pass it by. Once enabled: ") + switch (rule.type()) {
            case CONDITIONAL -> rule.conditions() == null
                    ? "Has no conditions, so it takes no call: calls go on to the next rule."
                    : "When " + conditions(rule.conditions(), fmt) + ": " + to.apply(rule.matchTarget())
                            + "; other calls go on to the next rule.";
            case BUSINESS_HOURS -> "Takes every call that gets this far (only conditional rules have conditions): when open, "
                    + to.apply(rule.openTarget()) + "; when closed, " + to.apply(rule.closedTarget()) + ".";
            default -> "Takes every call that gets this far (only conditional rules have conditions).";
        };
        if (rule.noAnswerTarget() != null && rule.type() != RuleType.BUSINESS_HOURS && rule.type() != RuleType.IVR) {
            line += " If nobody answers: " + to.apply(rule.noAnswerTarget()) + ".";
        }
        return line;
    }

    private static String conditions(dev.switchboard.routing.Conditions c, DisplayFormats fmt) {
        var parts = new java.util.ArrayList<String>();
        if (c.callerPattern() != null) {
            boolean wild = c.callerPattern().contains("*") || c.callerPattern().contains("?");
            parts.add(wild ? "the caller's number is like " + c.callerPattern() : "the caller is " + phone(c.callerPattern(), fmt));
        }
        if (c.knownCustomer() != null) {
            parts.add(c.knownCustomer() ? "the caller is a known customer" : "the caller is not a known customer");
        }
        if (c.customerTag() != null) {
            parts.add("the caller is a customer tagged " + c.customerTag());
        }
        if (c.dialledNumber() != null) {
            parts.add("they called " + phone(c.dialledNumber(), fmt));
        }
        if (c.timeFromMinute() != null && c.timeToMinute() != null) {
            parts.add("between " + clock(c.timeFromMinute()) + " and " + clock(c.timeToMinute()));
        }
        if (!c.weekdays().isEmpty()) {
            parts.add("on " + c.weekdays().stream().sorted()
                    .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.US))
                    .collect(Collectors.joining(", ")));
        }
        return String.join(" and ", parts);
    }

    private static String clock(int minute) {
        return DisplayFormats.CLOCK.format(java.time.LocalTime.MIDNIGHT.plusMinutes(minute));
    }

    private static String phone(String e164, DisplayFormats fmt) {
        return fmt == null ? e164 : fmt.phone(e164);
    }

    private static String target(dev.switchboard.routing.Target t, Map<UUID, String> memberNames, Map<UUID, String> ruleNames,
            Map<UUID, String> queueNames, DisplayFormats fmt) {
        if (t == null) {
            return "to the general voicemail";
        }
        return switch (t.kind()) {
            case MEMBER -> "to " + memberNames.getOrDefault(t.memberId(), "a team member no longer here");
            case RULE -> "to the rule \u201c" + ruleNames.getOrDefault(t.ruleId(), "?") + "\u201d";
            case VOICEMAIL -> t.memberId() == null ? "to the general voicemail"
                    : "to " + memberNames.getOrDefault(t.memberId(), "a team member") + "'s voicemail";
            case EXTERNAL_NUMBER -> "forwarded to " + phone(t.number(), fmt);
            case HANGUP -> "hang up with a message";
            case QUEUE -> "to the queue \u201c" + queueNames.getOrDefault(t.queueId(), "?") + "\u201d";
            case MAILBOX -> "to voicemail access (extension and PIN)";
        };
    }

    private String form(Model model, UUID id, Form form, Map<String, String> errors) {
        model.addAttribute("ruleId", id);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("types", RuleType.values());
        model.addAttribute("members", members.list());
        model.addAttribute("rules", rules.list().stream().filter(r -> !r.id().equals(id)).toList());
        model.addAttribute("menus", menus.list());
        model.addAttribute("schedules", schedules.list());
        model.addAttribute("weekdayNames", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
        return "settings/routing-form";
    }
}
