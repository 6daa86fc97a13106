package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.voicemail.Voicemails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

/**
 * The call log: filters, keyset pages ("older calls" loads the next page as an htmx fragment), a call's
 * detail with its decision trace, recording, transcription, customer and job, editable notes and tags,
 * and the filtered set exported as CSV or XLSX, streamed. Agents see the calls they were part of.
 */
@Controller
class CallLogPage {

    static final int PAGE = 50;

    private final CallLogs logs;
    private final Members members;
    private final Customers customers;
    private final Jobs jobs;
    private final Companies companies;
    private final CallExport export;
    private final dev.switchboard.media.Media media;
    private final dev.switchboard.routing.RoutingRules rules;
    private final dev.switchboard.tenancy.Users users;
    private final Voicemails voicemails;
    private final dev.switchboard.voicemail.Mailboxes mailboxes;
    private final java.time.Clock clock;
    private final dev.switchboard.calls.CallEngine engine;
    private final dev.switchboard.queue.Queues queues;

    CallLogPage(CallLogs logs, Members members, Customers customers, Jobs jobs, Companies companies, CallExport export,
            dev.switchboard.media.Media media, dev.switchboard.routing.RoutingRules rules, dev.switchboard.tenancy.Users users,
            dev.switchboard.voicemail.Voicemails voicemails, dev.switchboard.voicemail.Mailboxes mailboxes, java.time.Clock clock,
            dev.switchboard.calls.CallEngine engine, dev.switchboard.queue.Queues queues) {
        this.queues = queues;
        this.engine = engine;
        this.users = users;
        this.voicemails = voicemails;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.media = media;
        this.rules = rules;
        this.logs = logs;
        this.members = members;
        this.customers = customers;
        this.jobs = jobs;
        this.companies = companies;
        this.export = export;
    }

    /** The filters as the form sends them; dates are days in the company's timezone, both inclusive. */
    record Filters(String from, String to, UUID member, String direction, String outcome, UUID customer, String number, UUID queue,
            UUID job, String tag) {

        /** The filters set, by their parameter, as a form sending them again holds them (hidden fields). */
        Map<String, String> params() {
            var params = new java.util.LinkedHashMap<String, String>();
            for (var part : query().isEmpty() ? new String[0] : query().split("&")) {
                var eq = part.indexOf('=');
                params.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            return params;
        }

        String query() {
            var parts = new ArrayList<String>();
            add(parts, "from", from);
            add(parts, "to", to);
            add(parts, "member", member == null ? null : member.toString());
            add(parts, "direction", direction);
            add(parts, "outcome", outcome);
            add(parts, "customer", customer == null ? null : customer.toString());
            add(parts, "number", number);
            add(parts, "queue", queue == null ? null : queue.toString());
            add(parts, "job", job == null ? null : job.toString());
            add(parts, "tag", tag);
            return String.join("&", parts);
        }

        private static void add(List<String> parts, String name, String value) {
            if (value != null && !value.isBlank()) {
                parts.add(name + "=" + java.net.URLEncoder.encode(value.strip(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @GetMapping("/calls")
    String list(@ModelAttribute("filters") Filters filters, @RequestParam(required = false) Instant beforeStartedAt,
            @RequestParam(required = false) UUID beforeId, @RequestParam(defaultValue = "50") int size, Model model,
            HttpServletResponse response,
            @RequestHeader(name = "HX-Request", defaultValue = "false") boolean htmx,
            @RequestParam(name = "find_customer", required = false) String findCustomer) {
        if (filters.member() != null && Actor.current().map(a -> a.role() == dev.switchboard.tenancy.Role.AGENT).orElse(false)) {
            // An agent's list is their own calls whatever member is asked for (a colleague's link passed on): the page and its
            // Export and paging links no longer carry the colleague's id as if it filtered (found by the calls walk).
            filters = new Filters(filters.from(), filters.to(), null, filters.direction(), filters.outcome(), filters.customer(),
                    filters.number(), filters.queue(), filters.job(), filters.tag());
            model.addAttribute("filters", filters);
        }
        var errors = new HashMap<String, String>();
        var filter = filter(filters, errors);
        int pageSize = Math.max(1, Math.min(size, 200));
        List<CallLogs.Entry> rows = List.of();
        if (errors.isEmpty()) {
            try {
                rows = logs.list(new CallLogs.Filter(filter.from(), filter.to(), filter.memberId(), filter.direction(),
                        filter.outcomes(), filter.number(), filter.customerId(), beforeStartedAt, beforeId, pageSize + 1, filter.jobId(),
                        filter.queueId(), filter.tag()));
            } catch (InvalidInputException e) {
                errors.putAll(e.byField());
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
        }
        boolean more = rows.size() > pageSize;
        var page = more ? rows.subList(0, pageSize) : rows;
        model.addAttribute("rows", page);
        model.addAttribute("more", more);
        model.addAttribute("next", more ? page.getLast() : null);
        model.addAttribute("errors", errors);
        model.addAttribute("query", filters.query() + (pageSize == PAGE ? "" : (filters.query().isEmpty() ? "" : "&") + "size=" + pageSize));
        model.addAttribute("exportQuery", filters.query());
        model.addAttribute("zone", companies.current().timezone());
        model.addAttribute("memberNames", names());
        // Removed members too ("Dan Ortiz (removed)"): their calls stay in the log, and are found by them.
        model.addAttribute("members", members.everyone());
        model.addAttribute("customers", customerChoices(filters.customer(), findCustomer, model));
        model.addAttribute("jobChoice", jobChoice(filters.job()));
        // The names of this page's customers, whoever they are: the list above is only the first ones by name.
        model.addAttribute("customerNames", customers.names(page.stream().map(CallLogs.Entry::customerId).filter(java.util.Objects::nonNull).toList()));
        model.addAttribute("outcomeChoices", outcomeChoices(filters.outcome()));
        model.addAttribute("queues", queues.list());
        return htmx && beforeId != null ? "calls/list :: rows" : "calls/list";
    }

    /** One choice of the customer filter, or of a call's customer: the customer's id and name. */
    record CustomerChoice(UUID id, String name) {
    }

    /** How many customers the call log's Customer filter lists without a search. */
    static final int FILTER_CUSTOMERS = 500;

    /**
     * The customer filter's choices: the customer filtered by first, whoever they are, so the page never reads "Any" while
     * it filters, nor drops the customer when another filter is sent; then the first {@value #FILTER_CUSTOMERS} customers
     * by name or, with {@code find} (the filter's "Find a customer": a name, email or number in any form, as the customers
     * page searches), the first {@value #FOUND_CUSTOMERS} it finds: a company with more customers than the list holds
     * reaches every one ({@code customersCapped} says the list is only the first). A customer deleted since (their calls
     * keep their id), or an id that is nobody's, is offered as such, selected, and the page says so ({@code customerGone}).
     */
    private List<CustomerChoice> customerChoices(UUID chosen, String find, Model model) {
        var choices = new ArrayList<CustomerChoice>();
        if (chosen != null) {
            var found = customers.find(chosen);
            choices.add(new CustomerChoice(chosen, found.map(dev.switchboard.directory.Customer::name).orElse("A deleted customer")));
            model.addAttribute("customerGone", found.isEmpty());
        }
        boolean finding = find != null && !find.isBlank();
        model.addAttribute("findCustomer", finding ? find.strip() : "");
        int limit = finding ? FOUND_CUSTOMERS : FILTER_CUSTOMERS;
        var listed = customers.list(finding ? find.strip() : null, limit + 1);
        if (finding) {
            model.addAttribute("foundCustomers", foundWords(listed.size(), find, "in the Customer list"));
        } else {
            model.addAttribute("customersCapped", listed.size() > limit);
        }
        listed.stream().limit(limit).filter(c -> !c.id().equals(chosen)).forEach(c -> choices.add(new CustomerChoice(c.id(), c.name())));
        return choices;
    }

    /**
     * The job filter's one choice (a job's page opens the call log of its calls, {@code /calls?job=}): the job filtered by,
     * named with its customer ("Boiler (Rita Moss)"), or "A deleted job" for one deleted since (their calls keep its id) or
     * an id that is nobody's; null when no job is filtered by.
     */
    private CustomerChoice jobChoice(UUID job) {
        if (job == null) {
            return null;
        }
        return jobs.find(job).map(j -> new CustomerChoice(job, j.title() + customers.find(j.customerId())
                .map(c -> " (" + c.name() + ")").orElse(""))).orElse(new CustomerChoice(job, "A deleted job"));
    }

    /** One choice of the outcome filter: the value it sends, its words, and whether it is the one filtered by. */
    record OutcomeChoice(String value, String label, boolean selected) {
    }

    /**
     * The outcome filter's choices: the calls nobody answered ({@link dev.switchboard.calls.Outcome#NOT_ANSWERED}, as the
     * home page's "missed calls today" links to them), then every outcome the log holds, a queue caller who asked to be
     * called back too. The one {@code chosen} names (in any case or order) is selected; a set of outcomes none of them
     * is (typed into the address) is offered as a choice of its own, selected, so the page never reads "Any" while it
     * filters. None is selected for an outcome that is refused (its error says why).
     */
    static List<OutcomeChoice> outcomeChoices(String chosen) {
        List<String> outcomes;
        try {
            outcomes = CallLogs.Filter.outcomes(chosen == null ? List.of() : List.of(chosen));
        } catch (InvalidInputException e) {
            outcomes = List.of();
        }
        var wanted = java.util.Set.copyOf(outcomes);
        var choices = new ArrayList<OutcomeChoice>();
        var notAnswered = dev.switchboard.calls.Outcome.NOT_ANSWERED.stream().map(Enum::name).toList();
        choices.add(new OutcomeChoice(String.join(",", notAnswered), "Not answered (" + String.join(", ", notAnswered.stream()
                .map(o -> dev.switchboard.tenancy.DisplayFormats.codeWords(o).toLowerCase(java.util.Locale.ROOT)).toList()) + ")",
                wanted.equals(java.util.Set.copyOf(notAnswered))));
        for (var o : dev.switchboard.calls.Outcome.values()) {
            // "Offer not taken" said nothing of what was offered: a queued caller's callback, to a member who did not take it.
            var words = o == dev.switchboard.calls.Outcome.OFFER_NOT_TAKEN ? "Callback offer not taken (a team member did not take a caller's callback)"
                    : dev.switchboard.tenancy.DisplayFormats.codeWords(o);
            choices.add(new OutcomeChoice(o.name(), words, wanted.equals(java.util.Set.of(o.name()))));
        }
        if (!wanted.isEmpty() && choices.stream().noneMatch(OutcomeChoice::selected)) {
            choices.add(new OutcomeChoice(String.join(",", outcomes), String.join(", ", outcomes.stream()
                    .map(dev.switchboard.tenancy.DisplayFormats::codeWords).toList()), true));
        }
        return choices;
    }

    /**
     * A call's recording, to whoever signed in may see the call (as its page and the API's {@code .../recording} check:
     * another member's call is an agent's 403, another company's a 404): the page's player, and with
     * {@code download=true} its Download link, saved under a name that says which call. The player's source was a signed
     * {@code /media} link valid for an hour: anyone it was passed to could hear the call meanwhile without signing in, and
     * a page left open longer had a player that no longer played (as the voicemail inbox's, found by a walk of it).
     */
    @GetMapping("/calls/{id}/recording")
    org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> recording(@PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean download) {
        var call = logs.withStoredRecording(Actor.current().orElseThrow(), id);
        var type = media.get(call.recordingMediaId()).contentType();
        var answer = org.springframework.http.ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType(type))
                .cacheControl(org.springframework.http.CacheControl.noStore());
        if (download) {
            var at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HHmm", java.util.Locale.ROOT)
                    .format(call.startedAt().atZone(companies.current().timezone()));
            var other = "INBOUND".equals(call.direction()) ? "from " + call.fromNumber() : "to " + call.toNumber();
            var name = "Call " + other + " " + at + (type.contains("wav") ? ".wav" : ".mp3");
            answer.header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition.attachment()
                    .filename(name, java.nio.charset.StandardCharsets.UTF_8).build().toString());
        }
        return answer.body(new org.springframework.core.io.ByteArrayResource(media.bytes(call.recordingMediaId())));
    }

    /**
     * A call's page. The call log's filters it was opened from come with it ({@code /calls/{id}?outcome=MISSED...}), so
     * that "Call log" leads back to the same filtered list, and saving the notes keeps them, rather than to every call.
     */
    @GetMapping("/calls/{id}")
    String detail(@PathVariable UUID id, @ModelAttribute("list") Filters list,
            @RequestParam(name = "find_customer", required = false) String findCustomer, Model model) {
        model.addAttribute("listQuery", list.query());
        model.addAttribute("listParams", list.params());
        show(id, model);
        // Not in the part asked for again while the call goes on: the forms are left alone by it.
        linkChoices(Actor.current().orElseThrow(), (CallLogs.Entry) model.getAttribute("call"), findCustomer, model);
        return "calls/detail";
    }

    /**
     * The part of a call's page that changes while the call goes on (its summary, transfers, who rang and was skipped,
     * the phones rung): the page asks for it every few seconds until the call has ended (htmx), so a person watching a
     * call ring, be answered or be transferred sees it happen without reloading. Seen by whoever may see the call.
     */
    /**
     * The changing part of a call's page, asked for every 3 s while the call goes on. {@code transfer} says whether the
     * page shows the Transfer form ({@code shown}, {@code hidden}): when that no longer matches the call (it has just been
     * answered, or is over), the answer carries the form's slot too, swapped in out of band, so the form appears without a
     * reload; otherwise the form is left alone, and what a person types in it is kept.
     */
    @GetMapping("/calls/{id}/live")
    String live(@PathVariable UUID id, @RequestParam(name = "transfer", required = false) String transfer, Model model) {
        show(id, model);
        boolean can = Boolean.TRUE.equals(model.getAttribute("canTransfer"));
        model.addAttribute("transferOob", transfer != null && "shown".equals(transfer) != can);
        return "calls/detail :: liveUpdate";
    }

    private void show(UUID id, Model model) {
        var actor = Actor.current().orElseThrow();
        var detail = logs.get(actor, id);
        var trace = detail.traceLines(users.names());
        model.addAttribute("call", detail.call());
        // The copy in media storage when there is one (the carrier's own link expires); the carrier's link only while the
        // copy is being made. A voicemail call's is its message's stored audio (see message), as the inbox plays it: the
        // carrier's link was kept here for good (the copy is the message's, not the call's), and failed once it expired.
        var call = detail.call();
        // Played through the signed-in session (see recording), not a signed link anyone it was passed to could play.
        model.addAttribute("recording", call.recordingMediaId() != null ? "/calls/" + call.id() + "/recording"
                : call.recordingStatus() == CallLogs.RecordingStatus.FETCHING ? call.recordingUrl() : null);
        model.addAttribute("recordingDownload", call.recordingMediaId() != null ? "/calls/" + call.id() + "/recording?download=true" : null);
        model.addAttribute("trace", trace);
        model.addAttribute("legs", detail.legs());
        var names = names();
        model.addAttribute("answeredElsewhere", answeredElsewhere(detail.legs(), names, companies.current().formats(),
                tookTheCaller(call)));
        model.addAttribute("costIncludes", costIncludes(logs.costedCallsOut(call), names, companies.current().formats()));
        model.addAttribute("events", journey(detail, names));
        model.addAttribute("memberNames", names);
        model.addAttribute("transfers", transfers(detail.call().transfers(), names));
        model.addAttribute("callback", callbackSteps(detail.callback(), names));
        model.addAttribute("zone", companies.current().timezone());
        model.addAttribute("textBack", textBack(detail.textBack(), companies.current().timezone()));
        // A customer or job deleted since leaves its id on the call: the call still opens, as from an unknown caller.
        model.addAttribute("customer", detail.call().customerId() == null ? null : customers.find(detail.call().customerId()).orElse(null));
        model.addAttribute("job", detail.call().jobId() == null ? null : jobs.find(detail.call().jobId()).orElse(null));
        model.addAttribute("transcriptionStatus", transcriptionStatus(detail));
        message(actor, detail.call(), model);
        transferChoices(actor, detail, model);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    /**
     * What a search for a customer found ({@code found}: up to {@value #FOUND_CUSTOMERS} + 1, one more telling there are
     * more): "No customer matches ...", "The customer matching ...", "The first 50 customers matching ..., {@code where}".
     */
    private static String foundWords(int found, String find, String where) {
        var shown = Math.min(found, FOUND_CUSTOMERS);
        return found == 0 ? "No customer matches \u201c" + find.strip() + "\u201d."
                : (found > FOUND_CUSTOMERS ? "The first " + shown + " customers" : shown == 1 ? "The customer" : "The " + shown + " customers")
                + " matching \u201c" + find.strip() + "\u201d, " + where + ".";
    }

    /** How many customers a search of the call page's Customer form offers. */
    static final int FOUND_CUSTOMERS = 50;

    /**
     * The call page's Customer and job forms, for whoever may change customers and jobs (not an agent): the customers to
     * link the call to (the call's own first, then those who have its number, then the first 500 by name), and the jobs
     * of the call's customer. With {@code find} (the form's search: a name, email or number in any form, as the customers
     * page searches), the call's own customer and the first {@value #FOUND_CUSTOMERS} found instead: a company with more
     * customers than the list holds could not link a call to the others from its page.
     */
    private void linkChoices(Actor actor, CallLogs.Entry call, String find, Model model) {
        boolean can = actor.role() != dev.switchboard.tenancy.Role.AGENT;
        model.addAttribute("canLink", can);
        model.addAttribute("findCustomer", find == null ? "" : find.strip());
        if (!can) {
            return;
        }
        var choices = new java.util.LinkedHashMap<UUID, CustomerChoice>();
        if (call.customerId() != null) {
            customers.find(call.customerId()).ifPresent(c -> choices.put(c.id(), new CustomerChoice(c.id(), c.name())));
        }
        if (find != null && !find.isBlank()) {
            var found = customers.list(find.strip(), FOUND_CUSTOMERS + 1);
            found.stream().limit(FOUND_CUSTOMERS).forEach(c -> choices.putIfAbsent(c.id(), new CustomerChoice(c.id(), c.name())));
            model.addAttribute("foundCustomers", foundWords(found.size(), find, "in the list below"));
            model.addAttribute("linkCustomers", List.copyOf(choices.values()));
            model.addAttribute("linkJobs", call.customerId() == null ? List.of() : jobs.list(call.customerId(), null, 200));
            return;
        }
        var theirs = "OUTBOUND".equals(call.direction()) ? call.toNumber() : call.fromNumber();
        try {
            if (theirs != null) {
                customers.findByNumber(new dev.switchboard.shared.PhoneNumber(theirs))
                        .forEach(c -> choices.putIfAbsent(c.id(), new CustomerChoice(c.id(), c.name() + " (has this number)")));
            }
        } catch (IllegalArgumentException e) {
            // a caller id that is no number (anonymous): nobody has it
        }
        customers.list(null, 500).forEach(c -> choices.putIfAbsent(c.id(), new CustomerChoice(c.id(), c.name())));
        model.addAttribute("linkCustomers", List.copyOf(choices.values()));
        model.addAttribute("linkJobs", call.customerId() == null ? List.of() : jobs.list(call.customerId(), null, 200));
    }

    /**
     * Links the call to a customer ({@code customerId}, empty for none) or a job ({@code jobId}, empty for none), as
     * {@code PATCH /api/v1/call-logs/{id}} does (a field not sent is kept): owners, admins and supervisors. A refusal is
     * said on the call's page, nothing changed.
     */
    @PostMapping("/calls/{id}/customer")
    String link(@PathVariable UUID id, @RequestParam(required = false) String customerId, @RequestParam(required = false) String jobId,
            @ModelAttribute("list") Filters list, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        try {
            var problems = new ArrayList<dev.switchboard.platform.FieldProblem>();
            var customer = uuid(customerId, "customer_id", "the customer", problems);
            var job = uuid(jobId, "job_id", "the job", problems);
            if (!problems.isEmpty()) {
                logs.get(actor, id); // another's call is refused as such before what was sent is looked at
                throw new InvalidInputException(problems);
            }
            logs.link(actor, id, new CallLogs.LinkChange(customerId != null, customer, jobId != null, job));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("errors", e.byField());
            return detail(id, list, null, model);
        }
        redirect.addFlashAttribute("saved", "Customer and job saved.");
        return "redirect:/calls/" + id + (list.query().isEmpty() ? "" : "?" + list.query());
    }

    /** A form's id field: null when empty (none) or not sent; otherwise an id, or a problem saying to choose from the list. */
    private static UUID uuid(String text, String field, String what, List<dev.switchboard.platform.FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new dev.switchboard.platform.FieldProblem(field, "uuid", "choose " + what + " from the list"));
            return null;
        }
    }

    /**
     * A choice of the call page's Transfer form: its value ("member:<id>", "rule:<id>") and what it says; {@code why}, for a
     * rule that would refuse this call now, the refusal in full (the option's title).
     */
    record TransferChoice(String value, String label, String why) {
        TransferChoice(String value, String label) {
            this(value, label, null);
        }
    }

    /**
     * The call page's Transfer form, for an answered call in progress (in, or out: a click-to-call, a callback), to whoever may move it (see
     * {@link dev.switchboard.calls.CallEngine#transfer}): an owner, admin or supervisor any such call, an agent the call
     * they are on. Each member with what they are doing now (who can take it), but the one who has the caller, and each rule
     * that is on, by name.
     */
    private void transferChoices(Actor actor, CallLogs.Detail detail, Model model) {
        var call = detail.call();
        boolean live = "BRIDGED".equals(call.phase()) && call.endedAt() == null;
        boolean theirs = actor.role() != dev.switchboard.tenancy.Role.AGENT || detail.legs().stream().anyMatch(l ->
                actor.memberId() != null && actor.memberId().equals(l.get("member_id")) && "ANSWERED".equals(l.get("state")));
        model.addAttribute("canTransfer", live && theirs);
        if (!(live && theirs)) {
            return;
        }
        var company = companies.current();
        var now = clock.instant();
        var choices = new ArrayList<TransferChoice>();
        // Not whoever has the caller now (the member on the call, often the one reading the page): offered, they were
        // refused as already having it.
        var talking = detail.legs().stream().filter(l -> "ANSWERED".equals(l.get("state")) && l.get("member_id") != null)
                .map(l -> l.get("member_id")).collect(java.util.stream.Collectors.toSet());
        // And a voicemail box at once ("send to voicemail"): any member's, whatever their status, the reader's own among them.
        var boxes = new ArrayList<TransferChoice>();
        for (var m : members.list()) {
            boxes.add(new TransferChoice("voicemail:" + m.id(), m.name() + "'s voicemail"));
            if (talking.contains(m.id())) {
                continue;
            }
            choices.add(new TransferChoice("member:" + m.id(), m.name()
                    + (m.phoneExtension() != null ? " (extension " + m.phoneExtension().digits() + ")" : "") + ": "
                    // One no call can reach said so (it read "available", and the transfer was refused: "no phone").
                    + (dev.switchboard.routing.Router.destinations(m).isEmpty() ? "no phone to ring"
                            : m.availability().inWords(now, company.timezone(), company.formats()))));
        }
        model.addAttribute("transferMembers", choices);
        boxes.add(new TransferChoice("voicemail:general", "The general voicemail"));
        model.addAttribute("transferBoxes", boxes);
        // Not a menu's rule: a transfer rings people, it does not put the caller back into a menu (refused if sent).
        // Each said so when it would refuse this call now (a rule for VIP customers and a caller who is none, one whose members
        // are all away): offered as if it could take it, it was refused once chosen.
        var offered = rules.list().stream().filter(dev.switchboard.routing.RoutingRule::enabled)
                .filter(r -> r.type() != dev.switchboard.routing.RuleType.IVR).toList();
        var refusals = engine.transferRefusals(call.id(), offered.stream()
                .map(r -> new dev.switchboard.routing.Target(dev.switchboard.routing.Target.Kind.RULE, null, r.id(), null, null)).toList());
        model.addAttribute("transferRules", offered.stream().map(r -> {
            var why = refusals.get(new dev.switchboard.routing.Target(dev.switchboard.routing.Target.Kind.RULE, null, r.id(), null, null));
            return new TransferChoice("rule:" + r.id(), why == null ? r.name() : r.name() + (why.contains("cannot take the call now")
                    ? ": nobody in it can take the call now" : ": rings nobody for this call now"), why);
        }).toList());
    }

    /**
     * What the page says where the message's transcription would be while it has none, as the inbox says it
     * ({@link dev.switchboard.voicemail.TranscriptionStatus}); null for a call with no message (or none kept), with its
     * transcription, or whose box does not transcribe.
     */
    private String transcriptionStatus(CallLogs.Detail detail) {
        var call = detail.call();
        if (call.transcription() != null || call.voicemailId() == null) {
            return null;
        }
        var message = voicemails.find(call.voicemailId());
        if (message.isEmpty()) {
            return null;
        }
        dev.switchboard.voicemail.TranscriptionStatus said = null;
        for (var event : detail.events()) {
            var s = CallLogs.withoutText(String.valueOf(event.get("kind")));
            said = s != null ? s : said;
        }
        boolean asked = mailboxes.settings(message.get().memberId()).transcriptionEnabled();
        var status = dev.switchboard.voicemail.TranscriptionStatus.of(asked, said, message.get().receivedAt(), clock.instant());
        // A box that does not transcribe: the page has no transcription section to explain, as before.
        return status == dev.switchboard.voicemail.TranscriptionStatus.NOT_ASKED ? null : status.words();
    }

    /**
     * The message the caller left, as the actor sees it. In its box: which box, heard or not, with a link to it there. In
     * the Deleted folder: the page says so, who deleted it and when, and when it goes for good, instead of showing nothing
     * of it; with the Deleted page's Restore for whoever may restore it ({@link Voicemails#mayDelete}). Nothing when it is
     * purged, none, or another member's for an agent.
     */
    private void message(Actor actor, CallLogs.Entry call, Model model) {
        var seen = call.voicemailId() == null ? null : voicemails.visible(actor, call.voicemailId()).orElse(null);
        var message = seen != null && seen.deletedAt() != null ? seen : null;
        model.addAttribute("deletedMessage", message);
        // In its box: which one, heard or not, and a link to it there (to mark it heard, delete it, see the others).
        var kept = seen != null && seen.deletedAt() == null ? seen : null;
        model.addAttribute("message", kept);
        boolean recordingIsMessage = kept != null && kept.carrierAudioUrl() != null && kept.carrierAudioUrl().equals(call.recordingUrl());
        model.addAttribute("recordingIsMessage", recordingIsMessage);
        if (recordingIsMessage && call.recordingMediaId() == null && kept.mediaId() != null) {
            // The message's audio, as the inbox plays it (through the session, checked each time).
            model.addAttribute("recording", "/voicemail/" + kept.id() + "/audio");
            model.addAttribute("recordingDownload", "/voicemail/" + kept.id() + "/audio?download=true");
        }
        if (kept != null) {
            model.addAttribute("messageBox", kept.memberId() == null ? "the General mailbox"
                    : actor.isMember(kept.memberId()) ? "your mailbox" : members.find(kept.memberId()).map(m -> m.name() + "'s mailbox").orElse("a mailbox"));
        }
        if (message != null) {
            model.addAttribute("deletedMessageBy", voicemails.deletedByNames(List.of(message)).get(message.id()));
            model.addAttribute("deletedMessageRestorable", Voicemails.mayDelete(actor, message));
        }
    }

    /** A step of a queue callback's history as the call's page lists it: when, what happened, to whom. */
    record CallbackStep(java.time.Instant at, String what, String who) {
    }

    /**
     * The history of the callback the call is part of, in words (every offer, who was offered it, who did not answer,
     * the customer dialled and how it went); empty when the call is no callback's.
     */
    static List<CallbackStep> callbackSteps(CallLogs.Callback callback, Map<UUID, String> memberNames) {
        if (callback == null) {
            return List.of();
        }
        var steps = new ArrayList<CallbackStep>();
        for (var step : callback.history()) {
            var who = step.memberId() == null ? "" : memberNames.getOrDefault(step.memberId(), "a former member");
            var detail = step.detail() == null ? "" : step.detail();
            var what = switch (step.type()) {
                case "JOINED" -> "Joined the queue";
                case "REJOINED" -> "Called again and took back their place";
                case "CALLBACK_REQUESTED" -> "Asked to be called back" + (detail.isEmpty() ? "" : " at " + detail);
                case "CALLBACK_MERGED" -> dev.switchboard.queue.QueueLine.CALLED_AGAIN.equals(detail)
                        ? "Called again and was answered in the callback's place: no callback needed" : "Asked again: kept as one callback";
                case "OFFERED" -> "Offered to";
                case "NO_ANSWER" -> "Not taken by";
                case "MEMBER_SET_AWAY" -> "Set away (" + detail + ")";
                case "CALLBACK_CANCELLED" -> "Callback cancelled " + detail;
                case "CALLBACK_DIALED" -> "Taken: the customer dialled by";
                case "CALLBACK_COMPLETED" -> "The customer answered";
                case "CALLBACK_FAILED" -> "The customer was not reached: " + detail;
                case "CALLBACK_EXPIRED" -> "Given up: not made by the end of the next business day after it was asked for (call the customer yourself)";
                case "CONNECTED" -> "Answered by";
                case "ABANDONED" -> "Hung up while waiting";
                case "TIMED_OUT" -> "Waited too long: sent on";
                case "OVERFLOWED" -> "Sent on" + (detail.isEmpty() ? "" : " (" + detail + ")");
                default -> step.type();
            };
            steps.add(new CallbackStep(step.at(), what, who));
        }
        return steps;
    }

    /** As every page writes a date and time. */
    private static final java.time.format.DateTimeFormatter TEXT_BACK_TIME = dev.switchboard.tenancy.DisplayFormats.DATE_TIME;

    /**
     * The missed-call text to the caller in a line, times in the company's zone; null when the call had none. Shown
     * beside the label "Text-back", so it does not say "Text-back" again.
     */
    static String textBack(dev.switchboard.calls.TextBacks.TextBack t, java.time.ZoneId zone) {
        if (t == null) {
            return null;
        }
        return switch (t.status()) {
            case SENT -> "Sent at " + TEXT_BACK_TIME.format(t.sentAt().atZone(zone)) + " to " + t.toNumber();
            case FAILED -> "Failed: " + t.lastError() + " (after " + t.attempts() + (t.attempts() == 1 ? " try)" : " tries)");
            case SKIPPED -> "Skipped: " + t.reason();
            case PENDING -> t.attempts() == 0 ? "To " + t.toNumber() + " on its way"
                    : "Not sent yet: try " + (t.attempts() + 1) + " at " + TEXT_BACK_TIME.format(t.nextAttemptAt().atZone(zone))
                            + " (last try: " + t.lastError() + ")";
        };
    }

    /**
     * Why each phone that stopped ringing because another answered the call ended, by its leg id: "answered elsewhere
     * (Maria Lopez took the call)", or "answered on another of their phones" (a member's desk phone and cell rung at
     * once), where the leg's cause alone ("cancelled") read "stopped ringing before it was answered", as if the call
     * had been missed: on a simultaneous ring the phones that lost were "answered elsewhere", which is never a missed
     * call. A leg stopped by another's answer is one cancelled (never answered) that was ringing when another phone of the
     * call answered (not one a caller hung up on while ringing, after a phone had answered before it started: a
     * transfer's target, say).
     */
    static Map<String, String> answeredElsewhere(List<Map<String, Object>> legs, Map<UUID, String> memberNames,
            dev.switchboard.tenancy.DisplayFormats fmt, java.util.Set<UUID> took) {
        var words = new HashMap<String, String>();
        for (var leg : legs) {
            if (leg.get("answered_at") != null && leg.get("leg_id") instanceof String legId) {
                var lost = lostTheRace(leg, legs, memberNames, took);
                if (lost != null) {
                    words.put(legId, lost);
                }
                continue;
            }
            if (!"cancelled".equals(leg.get("hangup_cause")) || leg.get("answered_at") != null || "CALLER".equals(leg.get("role"))
                    || !(leg.get("leg_id") instanceof String legId)) {
                continue;
            }
            var started = instant(leg.get("started_at"));
            var ended = instant(leg.get("ended_at"));
            if (started == null || ended == null) {
                continue;
            }
            legs.stream().filter(o -> o != leg && !"CALLER".equals(o.get("role")) && instant(o.get("answered_at")) != null
                            && !instant(o.get("answered_at")).isBefore(started) && !instant(o.get("answered_at")).isAfter(ended))
                    .min(java.util.Comparator.comparing(o -> instant(o.get("answered_at"))))
                    .ifPresent(o -> {
                        var member = o.get("member_id");
                        if (member != null && member.equals(leg.get("member_id"))) {
                            words.put(legId, "answered on another of their phones");
                        } else if (member instanceof UUID m && memberNames.get(m) != null) {
                            words.put(legId, "answered elsewhere (" + memberNames.get(m) + " took the call)");
                        } else if (o.get("destination") != null) {
                            words.put(legId, "answered elsewhere (" + fmt.phone(o.get("destination")) + " took the call)");
                        } else {
                            words.put(legId, "answered elsewhere");
                        }
                    });
        }
        return words;
    }

    /**
     * The members who had the caller (see CallAnalytics): the one who answered the call, and each one who had it before a
     * transfer, took a transfer, or took it where an unanswered transfer went.
     */
    static java.util.Set<UUID> tookTheCaller(CallLogs.Entry call) {
        var took = new java.util.HashSet<UUID>();
        if (call.answeredBy() != null) {
            took.add(call.answeredBy());
        }
        if (call.transfers() != null && call.transfers().isArray()) {
            for (var t : call.transfers()) {
                for (var field : List.of("from_member", "answered_by", "fallback_answered_by")) {
                    var id = t.path(field).asString(null);
                    if (id != null) {
                        try {
                            took.add(UUID.fromString(id));
                        } catch (IllegalArgumentException e) {
                            // not a member
                        }
                    }
                }
            }
        }
        return took;
    }

    /**
     * Why a member's phone that did pick up was hung up at once, or null when it was not: it picked up while a colleague's
     * answer to the same ring was being taken (a ring-all race, on the first ring or on a transfer to a rule), or while
     * another of their own phones took the call (desk phone and cell rung together). Its hangup cause alone read "answered,
     * then hung up", as if the member had hung up on the caller. Told from the legs: a phone of a member who never had the
     * caller whose ring a phone of one who did answered; a phone of the member who had it that another of their phones,
     * rung at once and kept on after it, answered.
     */
    private static String lostTheRace(Map<String, Object> leg, List<Map<String, Object>> legs, Map<UUID, String> memberNames,
            java.util.Set<UUID> took) {
        if (!"MEMBER".equals(leg.get("role")) || !(leg.get("member_id") instanceof UUID member)) {
            return null;
        }
        var started = instant(leg.get("started_at"));
        var ended = instant(leg.get("ended_at"));
        if (started == null || ended == null) {
            return null;
        }
        var sameRing = legs.stream().filter(o -> o != leg && "MEMBER".equals(o.get("role")) && o.get("member_id") instanceof UUID
                && instant(o.get("answered_at")) != null && !instant(o.get("answered_at")).isBefore(started)
                && !instant(o.get("answered_at")).isAfter(ended)).toList();
        if (!took.contains(member)) {
            return sameRing.stream().filter(o -> took.contains((UUID) o.get("member_id")))
                    .min(java.util.Comparator.comparing(o -> instant(o.get("answered_at"))))
                    .map(o -> "picked up as " + memberNames.getOrDefault((UUID) o.get("member_id"), "a colleague")
                            + " took the call, and hung up at once: answered elsewhere")
                    .orElse(null);
        }
        return sameRing.stream().anyMatch(o -> member.equals(o.get("member_id"))
                && (instant(o.get("ended_at")) == null || instant(o.get("ended_at")).isAfter(ended)))
                ? "picked up as another of their phones took the call, and hung up at once" : null;
    }

    /**
     * What a call's cost takes in beside its own billed time, in words for its page ("and the call out to (773) 555-0177,
     * at the rate out"), or null when nothing: a call transferred to an outside number read "Duration 1:20 (billed 2:00)"
     * and "Cost $0.06", which two minutes at the inbound rate are not.
     */
    static String costIncludes(List<CallLogs.CallOut> callsOut, Map<UUID, String> memberNames, dev.switchboard.tenancy.DisplayFormats fmt) {
        if (callsOut.isEmpty()) {
            return null;
        }
        var each = callsOut.stream().map(o -> (o.memberId() != null && memberNames.get(o.memberId()) != null
                ? memberNames.get(o.memberId()) + "'s " : "") + fmt.phone(o.number())).distinct().toList();
        return "this call's billed time, and " + (each.size() == 1 ? "the call out to " + each.getFirst()
                : "the calls out to " + String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.getLast())
                + " at the rate out, from its answer";
    }

    private static Instant instant(Object at) {
        return switch (at) {
            case java.sql.Timestamp t -> t.toInstant();
            case Instant i -> i;
            case java.time.OffsetDateTime o -> o.toInstant();
            case null, default -> null;
        };
    }

    /**
     * The journey log as a person reads it: each leg named by who it was (the caller, a member's phone, a number
     * rung) instead of the carrier's leg id, which says nothing to anyone but the carrier.
     */
    static List<Map<String, Object>> journey(CallLogs.Detail detail, Map<UUID, String> memberNames) {
        var labels = new java.util.LinkedHashMap<String, String>();
        boolean outbound = "OUTBOUND".equals(detail.call().direction());
        for (var leg : detail.legs()) {
            if (!(leg.get("leg_id") instanceof String legId) || legId.isEmpty()) {
                continue;
            }
            var destination = leg.get("destination") == null ? "" : leg.get("destination").toString();
            String who;
            if (outbound && "FORWARD".equals(leg.get("role")) && destination.equals(detail.call().toNumber())) {
                // A call out's own leg, to the number it dialled: named by that number alone.
                labels.put(legId, destination);
                continue;
            } else if ("CALLER".equals(leg.get("role"))) {
                who = "the caller";
            } else if (leg.get("member_id") instanceof UUID member && memberNames.get(member) != null) {
                who = memberNames.get(member) + "'s phone";
            } else {
                who = "a phone";
            }
            labels.put(legId, destination.isEmpty() ? who : who + " (" + destination + ")");
        }
        var events = new ArrayList<Map<String, Object>>();
        for (var event : detail.events()) {
            var named = new java.util.HashMap<String, Object>(event);
            if (event.get("at") instanceof java.sql.Timestamp at) {
                named.put("at", at.toInstant());
            }
            if (event.get("detail") instanceof String text) {
                var raw = text;
                for (var label : labels.entrySet()) {
                    text = text.replace(label.getKey(), label.getValue());
                }
                named.put("detail", text);
                if (event.get("kind") instanceof String kind) {
                    var endedBy = detail.call().metadata() == null ? null : detail.call().metadata().path("ended_by").asString(null);
                    var words = inWords(kind, raw, text, endedBy, outbound);
                    named.put("kind", words[0]);
                    named.put("detail", words[1]);
                }
            }
            events.add(named);
        }
        return events;
    }

    /**
     * A journey row as a dispatcher says it, {@code [what happened, more]}: the engine records the carrier's signal by its
     * type and the leg's role ("Answered CALLER ..."), the end by the outcome's name ("Ended MISSED"); those read as words
     * here ("Switchboard picked up the call", "Caller hung up", "Voicemail saved"). The stored rows stay as they are.
     *
     * @param raw the stored detail (the role, then the leg id, for a signal)
     * @param named the detail with each leg named by who it was
     * @param endedBy who ended the call, as its metadata says ({@code caller}, {@code member}, {@code system}...)
     * @param outbound a call out, whose "caller" (once it is handed on, the person it called: see CallEngine's handedOn)
     *     did not call in
     */
    static String[] inWords(String kind, String raw, String named, String endedBy, boolean outbound) {
        var space = named.indexOf(' ');
        var role = space < 0 ? named : named.substring(0, space);
        var who = space < 0 ? "" : named.substring(space + 1);
        boolean signal = java.util.Set.of("CALLER", "MEMBER", "FORWARD", "null").contains(role) && raw.startsWith(role);
        boolean caller = "CALLER".equals(role) && !outbound;
        if (signal && outbound && "CALLER".equals(role) && "Hangup".equals(kind)) {
            return new String[] {switch (endedBy == null ? "" : endedBy) {
                case "callee" -> "Call ended: the person called hung up";
                case "member" -> "Call ended: the member hung up";
                case "system" -> "Call ended by Switchboard";
                default -> "Call ended for the person called";
            }, who};
        }
        if (signal) {
            return switch (kind) {
                case "Initiated" -> caller ? new String[] {"Call came in", who} : new String[] {"Dialled", who};
                case "Answered" -> caller ? new String[] {"Switchboard picked up the call", ""} : new String[] {"Answered", who};
                case "Hangup" -> caller
                        ? new String[] {switch (endedBy == null ? "" : endedBy) {
                            case "caller" -> "Caller hung up";
                            case "member" -> "Call ended: the member hung up";
                            case "system" -> "Call ended by Switchboard";
                            default -> "Call ended for the caller";
                        }, ""}
                        : new String[] {"Line ended", who};
                case "DigitsGathered" -> new String[] {"Keys entered", who};
                case "DtmfReceived" -> new String[] {"Key pressed", who};
                case "GatherTimedOut" -> new String[] {"No key pressed in time", who};
                case "GatherInvalid" -> new String[] {"Keys entered that are not a choice", who};
                case "GatherCallerGone" -> new String[] {"Hung up while asked for keys", who};
                case "GatherStopped" -> new String[] {"Asking for keys stopped", who};
                case "GatherFailed" -> new String[] {"Keys could not be asked for", who};
                case "PromptEnded" -> new String[] {"Message or prompt finished playing", who};
                case "RecordingSaved" -> new String[] {"Recording saved", who};
                case "RecordingFailed" -> new String[] {"Recording failed", who};
                case "Transcribed", "RecordingTranscribed" -> new String[] {"Transcription received", who};
                case "TranscribedEmpty", "RecordingTranscribedEmpty" -> new String[] {"Transcription empty: no words were heard", who};
                case "RecordingTranscribedFailed" -> new String[] {"Transcription failed: the carrier could not transcribe the recording", who};
                case "TranscribedPartial" -> new String[] {"Part of a live transcription received (not the final text)", who};
                case "MachineDetected" -> new String[] {"Answering machine check", who};
                case "Bridged" -> new String[] {"Connected", who};
                default -> new String[] {kind, named};
            };
        }
        return switch (kind) {
            case "Decided" -> new String[] {"Routing decided", named};
            case "Announced" -> new String[] {"Place in line announced", named};
            case "Ended" -> new String[] {"Call ended: " + outcome(named), ""};
            case "Outcome" -> {
                var colon = named.indexOf(": ");
                var outcome = colon < 0 ? named : named.substring(0, colon);
                var why = colon < 0 ? "" : named.substring(colon + 2);
                yield switch (outcome) {
                    case "VOICEMAIL" -> new String[] {"Voicemail saved", why};
                    case "ANSWERED" -> new String[] {"Counted as answered after all", why};
                    default -> new String[] {"Outcome now: " + outcome(outcome), why};
                };
            }
            default -> new String[] {kind, named};
        };
    }

    /** An outcome as it reads in a sentence ("nobody answered" for MISSED). */
    private static String outcome(String name) {
        return switch (name) {
            case "ANSWERED" -> "answered";
            case "MISSED" -> "nobody answered";
            case "VOICEMAIL" -> "voicemail";
            case "ABANDONED" -> "the caller hung up before anyone answered";
            case "REJECTED" -> "refused by the routing";
            case "FAILED" -> "the call failed";
            case "CALLBACK_REQUESTED" -> "the caller asked to be called back";
            case "OFFER_NOT_TAKEN" -> "the callback offer was not taken";
            default -> name.toLowerCase(java.util.Locale.ROOT);
        };
    }

    @PostMapping("/calls/{id}/notes")
    String annotate(@PathVariable UUID id, @dev.switchboard.platform.Text.MultiLine @RequestParam(defaultValue = "") String notes,
            @RequestParam(defaultValue = "") String tags, @ModelAttribute("list") Filters list, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        // As on the API: owners, admins and supervisors edit any call's notes; an agent those of the calls they took part in.
        try {
            logs.annotate(Actor.current().orElseThrow(), id, notes, Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("errors", e.byField());
            // What was typed comes back as it was, not the call's saved notes and tags.
            model.addAttribute("typedNotes", notes);
            model.addAttribute("typedTags", tags);
            return detail(id, list, null, model);
        }
        redirect.addFlashAttribute("saved", "Notes and tags saved.");
        return "redirect:/calls/" + id + (list.query().isEmpty() ? "" : "?" + list.query());
    }

    /**
     * An export's filters that cannot be read (a period ending before it starts): the page saying so, naming each (the
     * list offers no export then), where a bare 422 showed the server's own error document.
     */
    private static InvalidInputException filtersRefused(Map<String, String> errors) {
        return new InvalidInputException(errors.entrySet().stream()
                .map(e -> new dev.switchboard.platform.FieldProblem(e.getKey(), "filter", e.getValue())).toList());
    }

    @GetMapping("/calls/export.csv")
    void exportCsv(@ModelAttribute("filters") Filters filters, HttpServletResponse response) throws IOException {
        var errors = new HashMap<String, String>();
        var filter = filter(filters, errors);
        if (!errors.isEmpty()) {
            throw filtersRefused(errors);
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"call-log.csv\"");
        export.csv(filter, names(), companies.current().timezone(), response.getOutputStream());
    }

    @GetMapping("/calls/export.xlsx")
    void exportXlsx(@ModelAttribute("filters") Filters filters, HttpServletResponse response) throws IOException {
        var errors = new HashMap<String, String>();
        var filter = filter(filters, errors);
        if (!errors.isEmpty()) {
            throw filtersRefused(errors);
        }
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"call-log.xlsx\"");
        export.xlsx(filter, names(), companies.current().timezone(), response.getOutputStream());
    }

    /**
     * A transfer as the detail page says it: when, who asked for it (the user; "—" for one made before it was kept), from
     * whom, to whom or what, and how it went.
     */
    record TransferLine(Instant at, String by, String from, String to, String result) {
    }

    /** The call's transfers (see CallEngine.transfer), members and rules by name. */
    private List<TransferLine> transfers(tools.jackson.databind.JsonNode transfers, Map<UUID, String> names) {
        var lines = new ArrayList<TransferLine>();
        if (transfers == null || !transfers.isArray() || transfers.isEmpty()) {
            return lines;
        }
        var ruleNames = rules.list().stream().collect(Collectors.toMap(r -> r.id(), r -> r.name()));
        var logins = users.names();
        for (var t : transfers) {
            var at = t.hasNonNull("at") ? Instant.parse(t.get("at").asString()) : null;
            var from = t.hasNonNull("from_member") ? name(names, t.get("from_member").asString())
                    : t.hasNonNull("from_number") ? t.get("from_number").asString() : "—";
            String to;
            if (t.path("to_voicemail").asBoolean(false)) {
                to = t.hasNonNull("to_member_id") ? name(names, t.get("to_member_id").asString()) + "'s voicemail" : "the general voicemail";
            } else if (t.hasNonNull("to_member_id")) {
                to = name(names, t.get("to_member_id").asString());
            } else if (t.hasNonNull("to_rule_id")) {
                to = "rule " + ruleNames.getOrDefault(UUID.fromString(t.get("to_rule_id").asString()), "(deleted)");
            } else {
                to = t.hasNonNull("to_number") ? t.get("to_number").asString() : t.path("to").asString("—");
            }
            // A login by its name, as it is now (the email kept in the transfer when the login has since been removed).
            var by = t.hasNonNull("requested_by_member_id") ? name(names, t.get("requested_by_member_id").asString())
                    : t.hasNonNull("requested_by_user_id") && logins.containsKey(UUID.fromString(t.get("requested_by_user_id").asString()))
                    ? logins.get(UUID.fromString(t.get("requested_by_user_id").asString()))
                    : t.path("requested_by").asString("—");
            lines.add(new TransferLine(at, by, from, to, result(t, names)));
        }
        return lines;
    }

    private static String result(tools.jackson.databind.JsonNode t, Map<UUID, String> names) {
        var blind = t.path("blind").asBoolean(false) ? " (blind: the member left it ringing)" : "";
        return switch (t.path("result").asString("")) {
            case "answered" -> "Answered" + (t.hasNonNull("answered_by") ? " by " + name(names, t.get("answered_by").asString())
                    : t.hasNonNull("answered_number") ? " at " + t.get("answered_number").asString() : "") + blind;
            case "not_answered" -> "Not answered" + blind
                    + (t.hasNonNull("fallback_answered_by") ? "; then answered by " + name(names, t.get("fallback_answered_by").asString())
                    : t.hasNonNull("fallback_answered_number") ? "; then answered at " + t.get("fallback_answered_number").asString() : "");
            case "caller_hung_up" -> "The caller hung up while it rang" + blind;
            case "voicemail" -> "Sent to voicemail";
            default -> "Ringing" + blind;
        };
    }

    private static String name(Map<UUID, String> names, String memberId) {
        return names.getOrDefault(UUID.fromString(memberId), "a former member");
    }

    /** Members' names, deleted members' too: a call they answered keeps saying who it was. */
    private Map<UUID, String> names() {
        return members.everyonesNames();
    }

    /** Reads the form's filters; agents are held to their own calls. */
    private CallLogs.Filter filter(Filters f, Map<String, String> errors) {
        ZoneId zone = companies.current().timezone();
        Instant from = day(f.from(), "from", errors, zone, 0);
        Instant to = day(f.to(), "to", errors, zone, 1);
        String number = null;
        if (f.number() != null && !f.number().isBlank()) {
            try {
                number = CallLogs.numberFilter(f.number(), companies.current().defaultRegion());
            } catch (InvalidInputException e) {
                errors.putAll(e.byField());
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            errors.put("to", "must be on or after the from date");
        }
        if (!errors.isEmpty()) {
            return null;
        }
        var member = CallLogs.memberFilter(Actor.current().orElseThrow(), f.member());
        try {
            var outcomes = f.outcome() == null ? List.<String>of() : List.of(f.outcome());
            return new CallLogs.Filter(from, to, member, blank(f.direction()), outcomes, number, f.customer(), null, null, PAGE, f.job(), f.queue(), f.tag());
        } catch (InvalidInputException e) {
            errors.putAll(e.byField());
            return null;
        }
    }

    private static Instant day(String text, String field, Map<String, String> errors, ZoneId zone, int plusDays) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            var day = LocalDate.parse(text.strip());
            if (day.getYear() < 1 || day.getYear() > 9999) {
                errors.put(field, "must be a date between 0001-01-01 and 9999-12-31");
                return null;
            }
            var at = day.plusDays(plusDays).atStartOfDay(zone).toInstant();
            // The first or last day the form takes, whose bound (in the company's timezone) falls outside the instants a
            // filter takes: no call is earlier or later, so the day bounds nothing.
            return at.isBefore(InvalidInputException.EARLIEST) || at.isAfter(InvalidInputException.LATEST) ? null : at;
        } catch (java.time.format.DateTimeParseException e) {
            errors.put(field, "must be a date such as 2026-11-25");
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
