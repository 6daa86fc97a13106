package dev.switchboard.calls.api;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The call log. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Calls")
class CallsApi {

    private final CallLogs logs;
    private final Companies companies;

    CallsApi(CallLogs logs, Companies companies) {
        this.logs = logs;
        this.companies = companies;
    }

    @GetMapping("/call-logs")
    @Operation(summary = "Calls, newest first, filtered; page back with before_started_at and before_id of the last row")
    List<CallLogs.Entry> list(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(name = "member_id", required = false) UUID memberId, @RequestParam(required = false) String direction,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String number,
            @RequestParam(name = "before_started_at", required = false) Instant beforeStartedAt,
            @RequestParam(name = "before_id", required = false) UUID beforeId, @RequestParam(defaultValue = "50") int limit) {
        String e164 = null;
        if (number != null && !number.isBlank()) {
            try {
                e164 = PhoneNumber.parse(number, companies.current().defaultRegion()).e164();
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException("number", "e164", ex.getMessage());
            }
        }
        return logs.list(new CallLogs.Filter(from, to, memberId, direction, outcome, e164, beforeStartedAt, beforeId, limit));
    }

    @GetMapping("/call-logs/{id}")
    @Operation(summary = "One call with its decision trace (who rang, who was skipped and why), legs and journey log")
    CallLogs.Detail get(@PathVariable UUID id) {
        return logs.get(id);
    }

    record Annotation(String notes, List<String> tags) {
    }

    @PatchMapping("/call-logs/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "Edit a call's notes and tags")
    CallLogs.Entry annotate(@PathVariable UUID id, @RequestBody Annotation body) {
        return logs.annotate(id, body.notes(), body.tags());
    }
}
