package dev.switchboard.queue.web;

import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.media.Media;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FileField;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.PayloadTooLargeException;
import dev.switchboard.queue.CallQueue;
import dev.switchboard.queue.QueueInput;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.QueueStats;
import dev.switchboard.queue.Queues;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.Target;
import dev.switchboard.routing.TargetForm;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Call queues: who is waiting now (position, wait) and today's numbers, for everyone signed in; owners and admins
 * also create, edit and delete queues here, through the same service (and so the same checks) as the API.
 */
@Controller
class QueuesPage {

    static final String URL = "/queues";

    private final Queues queues;
    private final QueueLine line;
    private final QueueStats stats;
    private final Members members;
    private final Companies companies;
    private final RoutingRules rules;
    private final Media media;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final dev.switchboard.schedule.Schedules schedules;

    QueuesPage(Queues queues, QueueLine line, QueueStats stats, Members members, Companies companies, RoutingRules rules,
            Media media, TransactionTemplate tx, Clock clock, dev.switchboard.schedule.Schedules schedules) {
        this.schedules = schedules;
        this.queues = queues;
        this.line = line;
        this.stats = stats;
        this.members = members;
        this.companies = companies;
        this.rules = rules;
        this.media = media;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * One queue as the page shows it: its members in its order, each with what they are doing now in words (null for one
     * removed from the team), the callers in line, and the rules, menu keys and overflows that send calls to it.
     */
    record View(CallQueue queue, List<MemberNow> members, List<QueueLine.Waiting> waiting, QueueStats.Stats today,
            List<dev.switchboard.platform.PlaceLink> sentFrom, String nobodyAvailable, Map<UUID, java.time.LocalDate> callbackLastDays,
            List<QueueLine.GivenUp> callbacksGivenUp) {
    }

    /**
     * The warning of a queue calls are sent to, while the business is open, with members of whom none is available now
     * (away, offline, do not disturb, on vacation: the one who went to lunch and the one who never signed in): what its
     * callers meet, or null when someone is available (or on a call), the business is closed, or nothing sends calls here.
     * The page said nothing of it: the queue read as ready while every caller waited for no one.
     */
    static String nobodyAvailable(CallQueue q, boolean sentTo, boolean open, QueueLine.Staffing staffing) {
        if (!sentTo || !open || q.memberIds().isEmpty() || staffing != QueueLine.Staffing.NOBODY) {
            return null;
        }
        return "Nobody in this queue is available now, and you are open: " + (q.joinWhenEmpty()
                ? "callers wait with nobody to answer them, until someone in it is set Available or they have waited the longest allowed"
                        + (q.callbackEnabled() ? ", and callbacks wait too" : "") + "."
                : "callers are not put in line but sent on at once, as set under \u201cThen send callers to\u201d.");
    }

    /**
     * Since when the callbacks given up are named for someone to call them by hand: the end of the last day before
     * {@code today} the business was open (today's midnight when that was yesterday). Those given up at the end of Friday
     * are given up at Saturday's midnight: named "today" alone, they were shown on the Saturday nobody reads the page, and
     * on Monday no more (found by review). At most two weeks back.
     */
    static java.time.Instant givenUpSince(dev.switchboard.schedule.Schedule hours, java.time.LocalDate today, java.time.ZoneId zone) {
        for (int k = 1; k <= 14; k++) {
            var day = today.minusDays(k);
            var end = day.plusDays(1).atStartOfDay(zone).toInstant();
            // The day was open when a request of the day before is given up at its end.
            var askedTheDayBefore = day.minusDays(1).atTime(12, 0).atZone(zone).toInstant();
            if (hours.endOfNextBusinessDay(askedTheDayBefore).filter(end::equals).isPresent()) {
                return end;
            }
        }
        return today.atStartOfDay(zone).toInstant();
    }

    /** A member of a queue and their availability in words ({@link dev.switchboard.directory.Availability#inWords}). */
    record MemberNow(String name, String availability) {
    }

    /**
     * The editor's fields. Numbers are kept as typed, so a value that is not a number comes back in its field with
     * its error; a blank one is refused (it was saved as the API's default, so a cleared field reset the queue's value). A target is five flat fields (kind, member, rule or queue,
     * number, message), as on the routing pages.
     */
    record Form(String name, String strategy, List<UUID> memberIds, String ringTimeoutSeconds, String wrapUpSeconds,
            UUID holdMediaId, Boolean removeHoldMusic, Boolean announcePosition, String announceIntervalSeconds,
            String maxWaitSeconds, String maxWaitKind, UUID maxWaitMember, UUID maxWaitRule, String maxWaitNumber,
            String maxWaitMessage, String maxCallers, String fullKind, UUID fullMember, UUID fullRule, String fullNumber,
            String fullMessage, Boolean joinWhenEmpty, Boolean leaveWhenEmpty, String emptyKind, UUID emptyMember,
            UUID emptyRule, String emptyNumber, String emptyMessage, String maxMissedOffers, Boolean callbackEnabled,
            String callbackKey, String vipTag, String vipPriority, String rejoinWindowSeconds, String shortAbandonSeconds,
            String serviceLevelSeconds) {

        /** A new queue's form: the defaults the API gives a queue sent without them. */
        static Form blank() {
            return new Form("", "ROUND_ROBIN", List.of(), "20", "10", null, false, true, "60", "300", null, null, null, null,
                    null, "20", null, null, null, null, null, false, false, null, null, null, null, null, "3", false, "1", "vip",
                    "10", "120", "5", "20");
        }

        static Form of(CallQueue q) {
            var mw = TargetForm.of(q.maxWaitTarget());
            var full = TargetForm.of(q.fullTarget());
            var empty = TargetForm.of(q.emptyTarget());
            return new Form(q.name(), q.strategy().name(), q.memberIds(), text(q.ringTimeoutSeconds()), text(q.wrapUpSeconds()),
                    q.holdMediaId(), false, q.announcePosition(), text(q.announceIntervalSeconds()), text(q.maxWaitSeconds()),
                    mw.kind(), mw.member(), mw.rule(), mw.number(), mw.message(), text(q.maxCallers()), full.kind(),
                    full.member(), full.rule(), full.number(), full.message(), q.joinWhenEmpty(), q.leaveWhenEmpty(),
                    empty.kind(), empty.member(), empty.rule(), empty.number(), empty.message(), text(q.maxMissedOffers()),
                    q.callbackEnabled(), q.callbackKey(), q.vipTag() == null ? "" : q.vipTag(), text(q.vipPriority()),
                    text(q.rejoinWindowSeconds()), text(q.shortAbandonSeconds()), text(q.serviceLevelSeconds()));
        }

        /** The same form with the members in the given order. */
        Form withMembers(List<UUID> ordered) {
            return new Form(name, strategy, ordered, ringTimeoutSeconds, wrapUpSeconds, holdMediaId, removeHoldMusic,
                    announcePosition, announceIntervalSeconds, maxWaitSeconds, maxWaitKind, maxWaitMember, maxWaitRule,
                    maxWaitNumber, maxWaitMessage, maxCallers, fullKind, fullMember, fullRule, fullNumber, fullMessage,
                    joinWhenEmpty, leaveWhenEmpty, emptyKind, emptyMember, emptyRule, emptyNumber, emptyMessage, maxMissedOffers,
                    callbackEnabled, callbackKey, vipTag, vipPriority, rejoinWindowSeconds, shortAbandonSeconds,
                    serviceLevelSeconds);
        }

        /** The input for the service; a number that is not one is named in {@code errors} (by the API's field name). */
        QueueInput input(UUID holdMusic, Map<String, String> errors) {
            return new QueueInput(name, strategy, memberIds == null ? List.of() : memberIds,
                    number(ringTimeoutSeconds, "ring_timeout_seconds", "a whole number of seconds, 5 to 120", errors), number(wrapUpSeconds, "wrap_up_seconds", "a whole number of seconds, 0 to 600", errors),
                    holdMusic, Boolean.TRUE.equals(announcePosition),
                    number(announceIntervalSeconds, "announce_interval_seconds", "a whole number of seconds, 0 to 600", errors),
                    number(maxWaitSeconds, "max_wait_seconds", "a whole number of seconds, 30 to 3600", errors),
                    TargetForm.input(maxWaitKind, maxWaitMember, maxWaitRule, maxWaitNumber, maxWaitMessage),
                    number(maxCallers, "max_callers", "a whole number of callers, 1 to 500", errors), TargetForm.input(fullKind, fullMember, fullRule, fullNumber, fullMessage),
                    Boolean.TRUE.equals(joinWhenEmpty), Boolean.TRUE.equals(leaveWhenEmpty),
                    TargetForm.input(emptyKind, emptyMember, emptyRule, emptyNumber, emptyMessage),
                    number(maxMissedOffers, "max_missed_offers", "a whole number of offers, 1 to 10", errors), Boolean.TRUE.equals(callbackEnabled),
                    trimmed(callbackKey), vipTag == null ? "" : vipTag, number(vipPriority, "vip_priority", "a whole number, 0 to 100", errors),
                    number(rejoinWindowSeconds, "rejoin_window_seconds", "a whole number of seconds, 0 to 3600", errors),
                    number(shortAbandonSeconds, "short_abandon_seconds", "a whole number of seconds, 0 to 60", errors),
                    number(serviceLevelSeconds, "service_level_seconds", "a whole number of seconds, 5 to 600", errors));
        }

        /** A number as typed, or null with its problem in {@code errors}: none given (the form shows each), or no whole number. */
        private static Integer number(String value, String field, String what, Map<String, String> errors) {
            var problems = new ArrayList<dev.switchboard.platform.FieldProblem>();
            var number = dev.switchboard.platform.WholeNumberField.read(field, value, what, problems);
            problems.forEach(p -> errors.putIfAbsent(p.field(), p.message()));
            return number;
        }

        private static String text(int value) {
            return Integer.toString(value);
        }
    }

    static String trimmed(String s) {
        return TargetForm.blank(s);
    }

    /** The page; to an htmx request (its every-5-s refresh) only the queues' part, {@code lines}. */
    @GetMapping(URL)
    String page(Model model, @org.springframework.web.bind.annotation.RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx) {
        var now = clock.instant();
        var zone = companies.current().timezone();
        var midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        var team = members.list();
        Map<UUID, String> names = team.stream().collect(Collectors.toMap(TeamMember::id, TeamMember::name, (a, b) -> a));
        var fmt = companies.current().formats();
        Map<UUID, MemberNow> doing = team.stream().collect(Collectors.toMap(TeamMember::id,
                m -> new MemberNow(m.name(), m.availability().inWords(now, zone, fmt)), (a, b) -> a));
        boolean configures = Actor.current().map(Actor::canConfigure).orElse(false);
        var hours = schedules.companySchedule();
        boolean open = hours.isOpen(now);
        var givenUpSince = givenUpSince(hours, now.atZone(zone).toLocalDate(), zone);
        var views = queues.list().stream()
                .map(q -> {
                    // What sends calls here: a queue nothing sends calls to is waited in by nobody, which its page says.
                    // Linked for those who change them (a queue's page is an owner's or admin's: others get a 403 there).
                    var sentFrom = queues.usesOf(q.id()).stream().map(dev.switchboard.directory.MemberReferences.Use::link)
                            .map(l -> configures ? l : new dev.switchboard.platform.PlaceLink(l.place(), null, l.parts())).toList();
                    var waiting = line.waiting(q.id(), now);
                    // The last day each pending callback may be made on (as the engine gives them up: the end of the next
                    // business day after it was asked for), so that one asked for on Friday reads as such on Monday, not as
                    // a wait of "62:05:00".
                    var lastDays = new HashMap<UUID, java.time.LocalDate>();
                    waiting.stream().filter(w -> "CALLBACK".equals(w.state()) && w.callbackRequestedAt() != null)
                            .forEach(w -> hours.endOfNextBusinessDay(w.callbackRequestedAt())
                                    .ifPresent(end -> lastDays.put(w.entryId(), end.minusNanos(1).atZone(zone).toLocalDate())));
                    return new View(q, q.memberIds().stream().map(id -> doing.getOrDefault(id, new MemberNow("(removed)", null))).toList(),
                            waiting, stats.stats(q.id(), midnight, now.plusSeconds(1)), sentFrom,
                            nobodyAvailable(q, !sentFrom.isEmpty(), open, line.staffing(q, now)), lastDays,
                            // Whom nobody called back, named, for someone to call them by hand: the count alone left
                            // them to be looked for in the call log.
                            line.callbacksGivenUp(q.id(), givenUpSince, now.plusSeconds(1)));
                })
                .toList();
        model.addAttribute("queues", views);
        model.addAttribute("givenUpSinceDay", givenUpSince.isBefore(midnight)
                ? givenUpSince.minusNanos(1).atZone(zone).toLocalDate() : null);
        model.addAttribute("todayDate", now.atZone(zone).toLocalDate());
        model.addAttribute("names", names);
        model.addAttribute("mayCancelCallbacks", Actor.current().map(a -> a.canConfigure() || a.role() == dev.switchboard.tenancy.Role.SUPERVISOR)
                .orElse(false));
        return htmx ? "queues/list :: lines" : "queues/list";
    }

    /**
     * Cancels a pending callback (the customer was reached another way, or asked not to be called), as
     * {@code DELETE /api/v1/queues/{id}/callbacks/{entryId}} does; said above the list, a refusal too.
     */
    @PostMapping(URL + "/callbacks/{entryId}/cancel")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String cancelCallback(@PathVariable UUID entryId, RedirectAttributes redirect) {
        var entry = line.entry(entryId).orElseThrow(() -> new dev.switchboard.platform.NotFoundException("pending callback", entryId));
        var name = queues.get(entry.queueId()).name();
        try {
            line.cancelCallback(Actor.current().orElseThrow(), entry.queueId(), entryId, clock.instant());
            redirect.addFlashAttribute("saved", "Callback cancelled: it left the line of \u201c" + name + "\u201d.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", "The callback was not cancelled: " + e.problem().message() + ".");
        }
        return "redirect:" + URL;
    }

    @GetMapping(URL + "/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String newQueue(Model model) {
        return form(model, null, Form.blank(), Map.of());
    }

    @GetMapping(URL + "/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String edit(@PathVariable UUID id, Model model) {
        return form(model, id, Form.of(queues.get(id)), Map.of());
    }

    // The new form posts to its own address (/new), where it is shown again with its errors (UploadFormsShownAgain).
    @PostMapping({URL, URL + "/new"})
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String create(@ModelAttribute Form form, @RequestParam Map<String, String> fields,
            @RequestParam(name = "holdMusicFile", required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        return save(null, form, fields, file, model, response, redirect);
    }

    @PostMapping(URL + "/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String update(@PathVariable UUID id, @ModelAttribute Form form, @RequestParam Map<String, String> fields,
            @RequestParam(name = "holdMusicFile", required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        queues.get(id);
        return save(id, form, fields, file, model, response, redirect);
    }

    /** Deletes the queue; the service's refusal (callers waiting, a rule or menu key sending calls to it) is shown above the list. */
    @PostMapping(URL + "/{id}/delete")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var name = queues.get(id).name();
        try {
            queues.delete(Actor.current().orElseThrow(), id);
            redirect.addFlashAttribute("saved", "Queue \u201c" + name + "\u201d deleted.");
        } catch (ConflictException e) {
            // Callers waiting are said as they are; each place sending calls to it is linked to where it is changed, as a
            // member's delete lists them.
            var uses = e.problem().rule().equals("in_use") ? queues.usesOf(id) : java.util.List.<dev.switchboard.directory.MemberReferences.Use>of();
            redirect.addFlashAttribute("problem", "Queue \u201c" + name + "\u201d was not deleted: " + (uses.isEmpty()
                    ? e.problem().message() + "." : "these send calls to it. Point each elsewhere, then delete it:"));
            redirect.addFlashAttribute("problemUses", uses.stream().map(dev.switchboard.directory.MemberReferences.Use::link).toList());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Queue \u201c" + name + "\u201d was not deleted: " + e.problems().getFirst().message());
        }
        return "redirect:" + URL;
    }

    private String save(UUID id, Form submitted, Map<String, String> fields, MultipartFile file, Model model,
            HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        var actor = Actor.current().orElseThrow();
        // A refusal rolls back the file chosen with it, and a browser cannot put a file back in its field: the form
        // says so beside the field, so that the next save does not go without the music.
        if (FileField.chosen(file)) {
            model.addAttribute("notKeptFile", file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? "the file" : file.getOriginalFilename());
        }
        var errors = new LinkedHashMap<String, String>();
        // The places as typed, so that a refused form shows them again as they were (not renumbered, not dropped).
        model.addAttribute("places", places(fields));
        var form = submitted.withMembers(ordered(submitted.memberIds(), fields, errors));
        var holdMusic = Boolean.TRUE.equals(form.removeHoldMusic()) ? null : form.holdMediaId();
        var input = form.input(holdMusic, errors);
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return form(model, id, form, errors);
        }
        var bytes = FileField.chosen(file) ? file.getBytes() : null;
        CallQueue saved;
        try {
            // The upload and the queue in one transaction: a queue refused keeps no hold music it came with.
            saved = tx.execute(status -> {
                var in = input;
                if (bytes != null) {
                    var uploaded = media.upload(actor, "hold-music", file.getOriginalFilename(), bytes).id();
                    in = form.input(uploaded, new HashMap<>());
                }
                return id == null ? queues.create(actor, in) : queues.update(actor, id, in);
            });
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var byField = new HashMap<>(e.byField());
            if (byField.containsKey("file")) {
                byField.put("hold_media_id", byField.get("file"));
            }
            return form(model, id, form, byField);
        } catch (ConflictException e) {
            response.setStatus(422);
            return form(model, id, form, Map.of(e.problem().field(), e.problem().message()));
        } catch (PayloadTooLargeException e) {
            response.setStatus(422);
            return form(model, id, form, Map.of("hold_media_id", e.getMessage()));
        }
        redirect.addFlashAttribute("saved", "Queue \u201c" + saved.name() + "\u201d saved.");
        return "redirect:" + URL;
    }

    /** Each member's place as typed beside them ({@code position-<member id>}), blank ones left out. */
    private static Map<UUID, String> places(Map<String, String> fields) {
        var typed = new HashMap<UUID, String>();
        fields.forEach((name, value) -> {
            if (name.startsWith("position-") && value != null && !value.isBlank()) {
                try {
                    typed.put(UUID.fromString(name.substring("position-".length())), value);
                } catch (IllegalArgumentException e) {
                    // Not a member's field: nothing to show again.
                }
            }
        });
        return typed;
    }

    /**
     * The ticked members in the order typed beside them ({@code position-<member id>}); members without a number keep
     * their place after those with one.
     */
    private static List<UUID> ordered(List<UUID> ticked, Map<String, String> fields, Map<String, String> errors) {
        if (ticked == null) {
            return List.of();
        }
        var positions = new HashMap<UUID, Integer>();
        for (var m : ticked) {
            var typed = trimmed(fields.get("position-" + m));
            if (m == null || typed == null) {
                continue;
            }
            try {
                positions.put(m, Integer.valueOf(typed));
            } catch (NumberFormatException e) {
                errors.put("member_ids", "a member's place in the order must be a whole number, not '" + typed + "'");
            }
        }
        var list = new ArrayList<>(ticked);
        list.sort(Comparator.comparing((UUID m) -> positions.getOrDefault(m, Integer.MAX_VALUE)));
        return list;
    }

    private String form(Model model, UUID id, Form form, Map<String, String> errors) {
        model.addAttribute("queueId", id);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        // The queue's own members first, in its order, then everyone else.
        var all = members.list();
        var chosen = form.memberIds() == null ? List.<UUID>of() : form.memberIds();
        var listed = new ArrayList<TeamMember>();
        chosen.forEach(m -> all.stream().filter(t -> t.id().equals(m)).findFirst().ifPresent(listed::add));
        all.stream().filter(t -> !chosen.contains(t.id())).forEach(listed::add);
        model.addAttribute("members", listed);
        model.addAttribute("rules", rules.list());
        model.addAttribute("queueChoices", queues.queueChoices().stream().filter(q -> !q.id().equals(id)).toList());
        model.addAttribute("holdMusicUrl", form.holdMediaId() == null ? null : media.signedPath(form.holdMediaId(), Duration.ofHours(1)));
        model.addAttribute("strategies", dev.switchboard.queue.QueueStrategy.values());
        return "queues/form";
    }
}
