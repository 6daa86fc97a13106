package dev.switchboard.tenancy.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of thing the audit log records (its {@code entity_type}), in the words an owner uses: the plural names the
 * filter offers and the noun a sentence uses ("changed routing rule 'VIP customers'"). A type recorded by a module and
 * missing here still shows, as its code in words; it is only not offered as a filter.
 */
final class ActivityKinds {

    /** One kind: its code in the log, the filter's plural, the sentence's noun ("" for things that have no name). */
    record Kind(String code, String plural, String noun) {
    }

    static final Map<String, Kind> ALL = new LinkedHashMap<>();

    static {
        for (var k : new Kind[] {
                new Kind("routing_rule", "Routing rules", "routing rule"),
                new Kind("ivr_menu", "Call flows (IVR menus)", "call flow"),
                new Kind("business_hours", "Business hours", "the business hours"),
                new Kind("schedule", "Named schedules", "schedule"),
                new Kind("schedule_override", "Hours overrides", "an hours override"),
                new Kind("holiday", "Holidays", "holiday"),
                new Kind("team_member", "Team members", "team member"),
                new Kind("team_availability", "Availability (status, vacation, do-not-disturb)", "team member"),
                new Kind("phone_settings", "Phone settings", "the phone settings"),
                new Kind("voicemail_box", "Voicemail settings", "voicemail box"),
                new Kind("voicemail_message", "Voicemail messages", "a voicemail message"),
                // A call's page is linked from "a call" (AuditedThings names it); its notes and tags are all that changes.
                new Kind("call", "Call notes and tags", "the notes and tags of a call"),
                new Kind("call_link", "Call customers and jobs", "the customer and job of a call"),
                new Kind("call_queue", "Call queues", "call queue"),
                new Kind("user", "Users", "user"),
                new Kind("company", "Company", "the company settings"),
                new Kind("api_token", "API tokens", "an API token"),
                new Kind("customer", "Customers", "customer"),
                new Kind("job", "Jobs", "job"),
                new Kind("media", "Audio uploads", "audio file")}) {
            ALL.put(k.code(), k);
        }
    }

    private ActivityKinds() {
    }

    static Kind of(String code) {
        var known = ALL.get(code);
        if (known != null) {
            return known;
        }
        var words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return new Kind(code, words, words);
    }
}
