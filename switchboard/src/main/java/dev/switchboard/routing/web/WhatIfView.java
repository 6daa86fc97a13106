package dev.switchboard.routing.web;

import dev.switchboard.routing.Decision;
import dev.switchboard.routing.IvrMenu;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingRule;
import dev.switchboard.routing.RoutingSnapshot;
import dev.switchboard.routing.RoutingSnapshots;
import dev.switchboard.routing.RuleType;
import dev.switchboard.schedule.Recurrence;
import dev.switchboard.tenancy.DisplayFormats;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A what-if's decision in plain words for the page: whether the business is open and why, which rule takes the call and
 * why, who rings in what order and who is skipped with the reason, what happens when nobody answers, and what each key of
 * a menu would do. It only describes: the decision is {@link Router#decide}'s, a key's outcome {@link Router#resolve}'s
 * (what the call engine asks when the key is pressed), and who is not rung and why the decision's own
 * {@link Decision#skipped() list}, so the page can never tell
 * an owner something the phones would not do.
 *
 * @param caller who calls, in words ("Robert Chen (customer)", "a withheld number")
 * @param when the date and time tried, on the company's clock
 * @param hours "Open: Monday 8:00 AM – 12:00 PM", "Closed: Christmas Day (yearly)"
 * @param rule which rule takes the call and why, or why none does
 * @param passedOver the rules before it that did not take the call, each with why
 * @param plan what happens, step by step (a step's depth is how far it is nested under "if nobody answers")
 * @param skipped who is not rung, each with the reason (the decision's list, not read back out of its trace)
 * @param menus for a call that reaches a menu, what each key would do; then, one level deep, the same for each menu a
 *     key of it leads to (a submenu's own submenus are named, not listed: a menu may lead back to one above it)
 * @param trace every line of the decision, as the call log keeps it
 */
record WhatIfView(String caller, String when, String hours, String rule, List<String> passedOver, List<Line> plan,
        List<Decision.Skipped> skipped, List<Menu> menus, List<String> trace) {

    /** One step of the plan. */
    record Line(int depth, String text) {
    }

    /**
     * A menu the call reaches: its keys in the order of a keypad, each with what pressing it would do.
     *
     * @param reachedBy for a submenu, the key that leads to it ("Press 2 in “Front desk”"); null for a menu the call plays
     */
    record Menu(String name, String reachedBy, List<Key> keys) {
    }

    /** A menu the page lists, and the key that leads to it (null for one the call plays). */
    private record Listing(UUID menuId, String reachedBy) {
    }

    /** A key (or "no key pressed", "a wrong key", "an extension") and what it would do. */
    record Key(String key, List<Line> plan, List<Decision.Skipped> skipped) {
    }

    /**
     * The decision in words, its numbers and times written as every page writes them ({@code fmt}, the company's
     * {@link DisplayFormats}: "(312) 555-0100", "Sat 26 Dec 2026, 8:00 AM").
     */
    static WhatIfView of(RoutingSnapshots.WhatIf w, DisplayFormats fmt) {
        var s = w.snapshot();
        var call = w.call();
        var decision = w.decision();
        var plan = new ArrayList<Line>();
        var menus = new LinkedHashSet<UUID>();
        java.util.function.Function<UUID, String> below = id -> {
            menus.add(id);
            return ": what each key does is below";
        };
        if (decision.record()) {
            plan.add(new Line(0, "Tell the caller the call may be recorded, and record it"));
        }
        if (decision.greeting() != null) {
            plan.add(new Line(0, decision.greeting().text() == null ? "Play the holiday's recorded greeting"
                    : "Say the holiday's greeting: \u201c" + decision.greeting().text() + "\u201d"));
        }
        steps(decision.action(), s, fmt, 0, plan, below);
        // The menus the call plays, then the menus their keys lead to, found as their keys are listed (the list grows).
        var listed = new ArrayList<Listing>();
        menus.forEach(id -> listed.add(new Listing(id, null)));
        int played = listed.size();
        var menuViews = new ArrayList<Menu>();
        for (int i = 0; i < listed.size(); i++) {
            var item = listed.get(i);
            var found = menuById(s, item.menuId());
            if (found != null) {
                menuViews.add(menu(found, item.reachedBy(), i, i < played, listed, call, s, fmt));
            }
        }
        return new WhatIfView(caller(w, fmt), fmt.dateTimeAndZone(call.at()), hours(w, fmt), rule(w, fmt), passedOver(decision.trace()), plan,
                decision.skipped(), menuViews, decision.trace());
    }

    private static String caller(RoutingSnapshots.WhatIf w, DisplayFormats fmt) {
        var from = w.call().from();
        if (RoutingSnapshots.WITHHELD.equals(from)) {
            return "a withheld number (not a customer)";
        }
        if (w.known().isEmpty()) {
            return fmt.phone(from) + " (not a customer)";
        }
        var names = String.join(", ", w.known().stream().map(c -> c.name()).toList());
        var job = w.call().openJob();
        return fmt.phone(from) + ": " + names + (w.known().size() == 1 ? " (customer" : " (customers")
                + (job == null ? ")" : "; open job \u201c" + job.jobTitle() + "\u201d"
                        + (job.memberId() == null ? ", assigned to nobody)" : ", assigned to " + memberName(w.snapshot(), job.memberId()) + ")"));
    }

    /** Whether the business is open at the instant and why, as the schedule has it (an override, a holiday, the hours). */
    private static String hours(RoutingSnapshots.WhatIf w, DisplayFormats fmt) {
        var s = w.snapshot();
        var at = w.call().at();
        var direct = s.memberWithDirectLine(w.call().dialled());
        if (direct.isPresent()) {
            return "Hours do not apply: " + fmt.phone(w.call().dialled()) + " is " + direct.get().name() + "'s direct line";
        }
        var schedule = s.businessHours();
        var state = schedule.stateAt(at);
        String why;
        var override = schedule.overrideAt(at);
        var closure = schedule.holidayClosureAt(at);
        if (override.isPresent()) {
            var o = override.get();
            why = (o.open() ? "opened" : "closed") + " by an override" + (o.reason() == null ? "" : ": " + o.reason());
        } else if (closure.isPresent()) {
            var h = closure.get().rule();
            why = h.name() + " (" + recurrence(h.recurrence()) + ")";
            if (!closure.get().day().equals(at.atZone(s.zone()).toLocalDate())) {
                why += ", whose night shift stays closed after midnight";
            }
        } else if (!schedule.hoursConfigured()) {
            why = "no business hours are set, so calls are taken at any time";
        } else {
            var range = schedule.openRangeAt(at);
            why = range.map(r -> r.day().getDisplayName(TextStyle.FULL, Locale.US) + " " + fmt.clock(r.start()) + " \u2013 "
                    + fmt.clock(r.start().plusMinutes(r.lengthMinutes())) + (r.crossesMidnight() ? " (the next day)" : ""))
                    .orElse("outside business hours");
        }
        var next = schedule.transitions(at, 1, 8).stream().findFirst()
                .map(t -> "; " + (t.open() ? "opens " : "closes ") + fmt.dateTime(t.local())).orElse("");
        return (state.open() ? "Open: " : "Closed: ") + why + next;
    }

    private static String recurrence(Recurrence r) {
        return switch (r) {
            case ONE_TIME -> "this date only";
            case YEARLY -> "yearly";
            case MONTHLY -> "monthly";
            case WEEKLY -> "weekly";
            case CUSTOM -> "repeating by its own rule";
        };
    }

    /** The rule that takes the call and why (its conditions, or the holiday's choice), else why no rule does. */
    private static String rule(RoutingSnapshots.WhatIf w, DisplayFormats fmt) {
        var decision = w.decision();
        var s = w.snapshot();
        var rule = decision.ruleId() == null ? null
                : s.rules().stream().filter(r -> r.id().equals(decision.ruleId())).findFirst().orElse(null);
        if (rule != null) {
            var text = "\u201c" + rule.name() + "\u201d (" + rule.type().label() + ", priority " + rule.priority() + ")";
            if (decision.trace().stream().anyMatch(t -> t.startsWith("the holiday uses rule"))) {
                return text + ": the holiday's rule for the day";
            }
            if (rule.type() == RuleType.CONDITIONAL) {
                return text + ": the first enabled rule that matches, because " + conditions(rule, fmt);
            }
            return text + ": the first enabled rule that matches (it has no conditions)";
        }
        // No rule of the company's: the trace's line says which way the call went (direct line, holiday, closed, none matched).
        return decision.trace().stream().filter(t -> t.contains(" is the direct line of ") || t.startsWith("closed (")
                || t.startsWith("no rule applies") || t.startsWith("holiday")).reduce((a, b) -> b)
                .map(t -> "None: " + fmt.readable(t)).orElse("None");
    }

    private static String conditions(RoutingRule rule, DisplayFormats fmt) {
        var c = rule.conditions();
        var parts = new ArrayList<String>();
        if (c.callerPattern() != null) {
            parts.add("the caller's number fits " + c.callerPattern());
        }
        if (c.knownCustomer() != null) {
            parts.add(c.knownCustomer() ? "the caller is a customer" : "the caller is not a customer");
        }
        if (c.customerTag() != null) {
            parts.add("the caller is a customer tagged " + c.customerTag());
        }
        if (c.dialledNumber() != null) {
            parts.add("the number dialled is " + fmt.phone(c.dialledNumber()));
        }
        if (!c.weekdays().isEmpty()) {
            parts.add("it is " + String.join(" or ", c.weekdays().stream().sorted()
                    .map(d -> d.getDisplayName(TextStyle.FULL, Locale.US)).toList()));
        }
        if (c.timeFromMinute() != null) {
            parts.add("it is between " + fmt.clock(LocalTime.MIN.plusMinutes(c.timeFromMinute())) + " and "
                    + fmt.clock(LocalTime.MIN.plusMinutes(c.timeToMinute())));
        }
        return parts.isEmpty() ? "it has no conditions" : String.join(", ", parts);
    }

    private static List<String> passedOver(List<String> trace) {
        return trace.stream().filter(t -> t.startsWith("rule '") && (t.endsWith("does not match") || t.endsWith("is disabled")))
                .map(t -> t.replaceFirst("^rule '(.*)' does not match$", "\u201c$1\u201d: its conditions do not hold for this call")
                        .replaceFirst("^rule '(.*)' is disabled$", "\u201c$1\u201d: disabled"))
                .toList();
    }

    /** The steps of {@code action}, under "if nobody answers" as deep as they go; the menus it plays into {@code menus}. */
    private static void steps(Decision.Action action, RoutingSnapshot s, DisplayFormats fmt, int depth, List<Line> plan,
            java.util.function.Function<UUID, String> menuNote) {
        switch (action) {
            case Decision.RingMembers r -> {
                if (r.rings().size() == 1) {
                    plan.add(new Line(depth, "Ring " + ring(r.rings().getFirst(), fmt)));
                } else if (r.simultaneous()) {
                    plan.add(new Line(depth, "Ring all at once:"));
                    r.rings().forEach(g -> plan.add(new Line(depth + 1, ring(g, fmt))));
                } else {
                    plan.add(new Line(depth, "Ring one after another, until someone answers:"));
                    for (int i = 0; i < r.rings().size(); i++) {
                        plan.add(new Line(depth + 1, (i + 1) + ". " + ring(r.rings().get(i), fmt)));
                    }
                }
                plan.add(new Line(depth, "If nobody answers:"));
                steps(r.noAnswer(), s, fmt, depth + 1, plan, menuNote);
            }
            case Decision.PlayMenu p -> {
                var played = menuById(s, p.menuId());
                plan.add(new Line(depth, played == null ? "Play a menu that no longer exists"
                        : "Play the menu \u201c" + played.name() + "\u201d" + menuNote.apply(p.menuId())));
            }
            case Decision.Voicemail v -> {
                var box = v.memberId() == null ? "the general voicemail" : memberName(s, v.memberId()) + "'s voicemail";
                plan.add(new Line(depth, v.notice() == null ? "Take a message in " + box
                        : "Say the vacation auto-reply \u201c" + v.notice() + "\u201d, then take a message in " + box));
            }
            case Decision.Forward f -> {
                plan.add(new Line(depth, "Forward the call to " + fmt.phone(f.number()) + " for " + f.timeout().toSeconds() + " s"));
                plan.add(new Line(depth, "If nobody answers:"));
                steps(f.noAnswer(), s, fmt, depth + 1, plan, menuNote);
            }
            case Decision.Hangup h -> plan.add(new Line(depth, (h.message() == null ? "Hang up" : "Say \u201c" + h.message()
                    + "\u201d and hang up") + (Boolean.TRUE.equals(h.refused()) ? " (your routing turns this call away)" : "")));
            case Decision.Enqueue q -> plan.add(new Line(depth, "Put the caller in " + s.queueName(q.queueId())
                    + " (the queue decides who answers, and where callers go when nobody can)"));
            case Decision.MailboxLogin m -> plan.add(new Line(depth, "Voicemail access by phone: the caller enters "
                    + (m.memberId() == null ? "their extension and PIN" : memberName(s, m.memberId()) + "'s PIN")));
        }
    }

    private static String ring(Decision.Ring r, DisplayFormats fmt) {
        return r.memberName() + " at " + String.join(" and ", r.destinations().stream().map(fmt::phone).toList())
                + ", for " + r.timeout().toSeconds() + " s" + (r.confirmForwarded() ? " (their cell must press 1 to take it)" : "");
    }

    private static IvrMenu menuById(RoutingSnapshot s, UUID id) {
        return s.menus().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * What each key of {@code menu} would do for this call, as the call engine resolves a key when it is pressed. A key
     * into another menu says where that menu's keys are: on this page, above or below (a menu the page lists already: the
     * menu itself, "press 0 for the main menu", is not listed twice), or, for a menu the call plays ({@code expand}), below,
     * as a submenu added to {@code listed}; a submenu's own submenus are named only.
     *
     * @param index where {@code menu} is in {@code listed}
     */
    private static Menu menu(IvrMenu menu, String reachedBy, int index, boolean expand, List<Listing> listed, Router.Call call,
            RoutingSnapshot s, DisplayFormats fmt) {
        var keys = new ArrayList<Key>();
        for (var key : CallFlowsTab.KEYS) {
            var target = menu.options().get(key);
            if (target != null) {
                var label = "Press " + key;
                keys.add(key(label, target, call, s, fmt, menuNote(menu, label, index, expand, listed, s)));
            }
        }
        if (menu.dialByExtension()) {
            keys.add(new Key(menu.extensionPrefix() == null ? "An extension" : "Press " + menu.extensionPrefix() + ", then an extension",
                    List.of(new Line(0, "Ring that member, then their voicemail")), List.of()));
        }
        var tries = menu.maxRetries() + 1;
        var timeout = "No key within " + menu.timeoutSeconds() + " s, " + tries + (tries == 1 ? " time" : " times");
        keys.add(key(timeout, menu.timeoutTarget(), call, s, fmt, menuNote(menu, timeout, index, expand, listed, s)));
        var invalid = "A key with no option, " + tries + (tries == 1 ? " time" : " times");
        keys.add(key(invalid, menu.invalidTarget(), call, s, fmt, menuNote(menu, invalid, index, expand, listed, s)));
        return new Menu(menu.name(), reachedBy, keys);
    }

    /** What a key of {@code menu} (the {@code index}th listed) that plays another menu says about that menu's keys. */
    private static java.util.function.Function<UUID, String> menuNote(IvrMenu menu, String key, int index, boolean expand,
            List<Listing> listed, RoutingSnapshot s) {
        return id -> {
            if (id.equals(menu.id())) {
                return " again, from the start";
            }
            for (int i = 0; i < listed.size(); i++) {
                if (listed.get(i).menuId().equals(id)) {
                    return i < index ? ": what each key does is above" : ": what each key does is below";
                }
            }
            if (expand) {
                listed.add(new Listing(id, key + " in \u201c" + menu.name() + "\u201d"));
                return ": what each key does is below";
            }
            return " (its keys are on the Call Flows tab)";
        };
    }

    private static Key key(String key, dev.switchboard.routing.Target target, Router.Call call, RoutingSnapshot s, DisplayFormats fmt,
            java.util.function.Function<UUID, String> menuNote) {
        var resolved = Router.resolved(target, call, s);
        var plan = new ArrayList<Line>();
        steps(resolved.action(), s, fmt, 0, plan, menuNote);
        return new Key(key, plan, resolved.skipped());
    }

    private static String memberName(RoutingSnapshot s, UUID id) {
        return s.members().stream().filter(m -> m.id().equals(id)).findFirst().map(m -> m.name()).orElse("a former team member");
    }
}
