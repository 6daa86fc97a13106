package dev.switchboard.routing.web;

import dev.switchboard.routing.TargetForm;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.WholeNumberField;
import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.TextBackOptOuts;
import dev.switchboard.shared.SmsParts;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Phone settings, General tab: business numbers, default strategy, recording, voicemail, after hours, call rates, missed-call text-back. */
@Controller
class GeneralTab {

    static final String URL = "/settings/communications/phone/general";

    private final Companies companies;
    private final PhoneSettings settings;
    private final Members members;
    private final RoutingRules rules;
    private final TransactionTemplate tx;
    private final ObjectProvider<TextBackOptOuts> optOuts;

    GeneralTab(Companies companies, PhoneSettings settings, Members members, RoutingRules rules, TransactionTemplate tx,
            ObjectProvider<TextBackOptOuts> optOuts) {
        this.optOuts = optOuts;
        this.companies = companies;
        this.settings = settings;
        this.members = members;
        this.rules = rules;
        this.tx = tx;
    }

    record Form(@dev.switchboard.platform.Text.MultiLine String businessNumbers, String defaultStrategy, Boolean recordingDefault, Boolean voicemailEnabled,
            String ahKind, UUID ahMember, UUID ahRule, String ahNumber, String ahMessage, String inboundRate,
            String outboundRate, Integer billingIncrement, String defaultRingSeconds, Boolean textBackEnabled,
            @dev.switchboard.platform.Text.MultiLine String textBackMessage, Boolean textBackAfterVoicemail, String textBackQuietHours, Boolean detectAnsweringMachines,
            Boolean announceRecording, String recordingAnnouncement, Boolean internationalCalls, String companyName,
            String defaultRegion) {

        /**
         * The settings for the service; a number that is not a whole number, or left empty, is named in {@code errors}
         * (by the API's field name, as the service's own refusals are) and sent as unchanged.
         */
        PhoneSettings.Input input(Map<String, String> errors) {
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            var in = WholeNumberField.read("inbound_rate_cents_per_minute", inboundRate, "a whole number of cents, 0 to 10000", problems);
            var out = WholeNumberField.read("outbound_rate_cents_per_minute", outboundRate, "a whole number of cents, 0 to 10000", problems);
            var ring = WholeNumberField.read("default_ring_seconds", defaultRingSeconds, "a whole number of seconds, "
                    + PhoneSettings.MIN_RING_SECONDS + " to " + PhoneSettings.MAX_RING_SECONDS, problems);
            var quiet = WholeNumberField.read("text_back_quiet_hours", textBackQuietHours, "a whole number of hours, 1 to "
                    + PhoneSettings.MAX_TEXT_BACK_QUIET_HOURS, problems);
            problems.forEach(p -> errors.putIfAbsent(p.field(), p.message()));
            return new PhoneSettings.Input(defaultStrategy, Boolean.TRUE.equals(recordingDefault), Boolean.TRUE.equals(voicemailEnabled),
                    TargetForm.input(ahKind, ahMember, ahRule, ahNumber, ahMessage), in, out, billingIncrement, ring,
                    Boolean.TRUE.equals(textBackEnabled), textBackMessage, Boolean.TRUE.equals(textBackAfterVoicemail), quiet,
                    Boolean.TRUE.equals(detectAnsweringMachines), Boolean.TRUE.equals(announceRecording), recordingAnnouncement);
        }
    }

    @GetMapping(URL)
    String page(Model model) {
        var company = companies.current();
        var s = settings.current();
        var ah = TargetForm.of(s.afterHoursTarget());
        var form = new Form(String.join("\n", company.businessNumbers().stream().map(n -> n.international()).toList()),
                s.defaultStrategy().name(), s.recordingDefault(), s.voicemailEnabled(), ah.kind(), ah.member(), ah.rule(),
                ah.number(), ah.message(), WholeNumberField.text(s.inboundRateCentsPerMinute()), WholeNumberField.text(s.outboundRateCentsPerMinute()),
                s.billingIncrementSeconds(), WholeNumberField.text(s.defaultRingSeconds()), s.textBackEnabled(), s.textBackMessage(),
                s.textBackAfterVoicemail(), WholeNumberField.text(s.textBackQuietHours()),
                s.detectAnsweringMachines(), s.announceRecording(), s.recordingAnnouncement(), company.internationalCalls(),
                company.name(), company.defaultRegion());
        return show(model, form, Map.of());
    }

    /** The countries a company's numbers may be national in (those libphonenumber knows), by their English name. */
    static final java.util.List<Map.Entry<String, String>> COUNTRIES = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
            .getSupportedRegions().stream()
            .map(code -> Map.entry(code, java.util.Locale.of("", code).getDisplayCountry(java.util.Locale.ENGLISH)))
            .sorted(Map.Entry.comparingByValue(java.text.Collator.getInstance(java.util.Locale.ENGLISH)))
            .toList();

    static final String REMOVE_ALL_NUMBERS = "with no business number, no new call reaches the company (calls already in "
            + "progress carry on): tick \u201cRemove every number\u201d below to do so, or enter at least one number";

    @PostMapping(URL)
    String save(@ModelAttribute Form form,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean removeAllNumbers, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        var errors = new java.util.LinkedHashMap<String, String>();
        try {
            tx.executeWithoutResult(status -> {
                var company = companies.current();
                var numbers = form.businessNumbers() == null ? java.util.List.<String>of()
                        : Arrays.stream(form.businessNumbers().split("[\\n,;]+")).map(String::strip).filter(n -> !n.isEmpty()).toList();
                // A field left empty removed every number, so no call reached the company any more: asked for on
                // purpose only (a company may have none, as a new one does), never by a field cleared by mistake.
                if (numbers.isEmpty() && !company.businessNumbers().isEmpty() && !removeAllNumbers) {
                    errors.put("business_numbers", REMOVE_ALL_NUMBERS);
                    model.addAttribute("confirmRemoveAll", true);
                } else {
                    try {
                        // The name callers hear ("Call for <company>") and texts carry, and the country numbers are
                        // dialled in: a form without them (sent by an older page) keeps them.
                        companies.update(actor, new Companies.Settings(form.companyName() == null ? company.name() : form.companyName(),
                                company.timezone().getId(), form.defaultRegion() == null ? company.defaultRegion() : form.defaultRegion(),
                                numbers, Boolean.TRUE.equals(form.internationalCalls())));
                    } catch (InvalidInputException e) {
                        // Refused before anything is written: the phone settings are still checked, so every mistake on
                        // the form is marked at once (a mistyped number used to hide a bad rate or ring time until the
                        // next send).
                        errors.putAll(e.byField());
                    }
                }
                try {
                    settings.update(actor, form.input(errors));
                } catch (InvalidInputException e) {
                    e.byField().forEach(errors::putIfAbsent);
                }
                if (!errors.isEmpty()) {
                    // Nothing is kept: not the half of the form that was right.
                    status.setRollbackOnly();
                }
            });
        } catch (ConflictException e) {
            response.setStatus(422);
            return show(model, form, Map.of(e.problem().field(), e.problem().message()));
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return show(model, form, errors);
        }
        redirect.addFlashAttribute("saved", "General settings saved.");
        return "redirect:" + URL;
    }

    /**
     * The SMS parts of the text-back message being typed, counted by the server's own {@link PhoneSettings#textBackParts}
     * (one implementation, the API's), for the count under the message field as the user types.
     */
    @PostMapping(URL + "/text-back-parts")
    String textBackParts(@dev.switchboard.platform.Text.MultiLine @RequestParam(name = "textBackMessage", required = false) String message, Model model) {
        model.addAttribute("smsParts", smsParts(message));
        return "settings/general :: smsParts";
    }

    /**
     * What the count under the message field says, in texts as a phone shows them (not the carriers' "SMS parts",
     * "GSM-7" and "UCS-2"): how many texts it is sent as, how full, and which character made one text hold 70, not 160.
     */
    private String smsParts(String message) {
        var parts = settings.textBackParts(message);
        if (parts.parts() == 0) {
            return "";
        }
        var encoding = parts.encoding();
        var count = parts.parts() == 1 ? "Sent as 1 text" : "Sent as " + parts.parts() + " texts";
        var size = parts.parts() == 1 ? parts.units() + " of " + encoding.single() + " characters"
                : parts.units() + " characters, " + encoding.perPart() + " a text";
        // Which character made it UCS-2 (a curly quote pasted from a word processor is easily missed); {number} is all GSM-7.
        var why = SmsParts.firstOutsideGsm7(message.strip().replace("{company}", companies.current().name()))
                .map(c -> ": \u201c" + c + "\u201d is a special character, so one text holds "
                        + SmsParts.Encoding.UCS_2.single() + " characters, not " + SmsParts.Encoding.GSM_7.single())
                .orElse("");
        return count + " (" + size + ", {company} and {number} filled in)" + why + ".";
    }

    private String show(Model model, Form form, Map<String, String> errors) {
        model.addAttribute("smsParts", smsParts(form.textBackMessage()));
        // The callers who texted STOP (kept by the calls module): how many, with a link to the list.
        var list = optOuts.getIfAvailable();
        model.addAttribute("optOutCount", list == null ? null : list.optedOutCount());
        model.addAttribute("optOutsPage", TextBackOptOuts.PAGE);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("strategies", dev.switchboard.routing.DefaultStrategy.values());
        model.addAttribute("countries", COUNTRIES);
        model.addAttribute("members", members.list());
        model.addAttribute("rules", rules.list());
        // The after-hours target naming a disabled rule sends every call at night past it: said beside the target, as the
        // Call routing list says it (found by a walk: the after-hours menu's rule disabled, night calls went to voicemail).
        model.addAttribute("afterHoursNote", "RULE".equals(form.ahKind()) && form.ahRule() != null
                ? rules.disabledTargetNote(form.ahRule()).orElse(null) : null);
        // "Record calls by default" is for the calls no rule takes: a rule's own switch decides for the calls it takes.
        model.addAttribute("rulesNotRecording", rules.list().stream().filter(r -> r.enabled() && !r.recordingEnabled())
                .map(dev.switchboard.routing.RoutingRule::name).toList());
        // The default strategy is for calls no rule takes: with an enabled rule that takes every call, there are none.
        model.addAttribute("takesEveryCall", rules.takingEveryCall().map(dev.switchboard.routing.RoutingRule::name).orElse(null));
        return "settings/general";
    }
}
