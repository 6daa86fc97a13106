package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.tenancy.AuditedThings;
import dev.switchboard.tenancy.Companies;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The calls the activity page names (a deleted voicemail message's call, say) as the call log reads them: "the call of
 * Fri 4 Dec 2026, 7:00 PM from (312) 555-0151", linked to the call's page. The log records no change of its own.
 */
@Component
class CallsAuditedThings implements AuditedThings {

    private final CallLogs logs;
    private final Companies companies;

    CallsAuditedThings(CallLogs logs, Companies companies) {
        this.logs = logs;
        this.companies = companies;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        if (!entityType.equals("call") && !entityType.equals("call_link")) {
            return Map.of();
        }
        var wanted = ids.stream().flatMap(id -> {
            try {
                return java.util.stream.Stream.of(UUID.fromString(id));
            } catch (IllegalArgumentException notAnId) {
                return java.util.stream.Stream.empty();
            }
        }).toList();
        if (wanted.isEmpty()) {
            return Map.of();
        }
        var fmt = companies.current().formats();
        var found = new HashMap<String, Shown>();
        logs.briefs(wanted).forEach((id, call) -> found.put(id.toString(), new Shown("the call of " + fmt.dateTime(call.startedAt())
                + ("OUTBOUND".equals(call.direction()) ? " to " + fmt.phone(call.toNumber()) : " from " + fmt.phone(call.fromNumber())),
                "/calls/" + id)));
        return found;
    }
}
