package dev.switchboard.calls.api;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.calls.TextOptOuts;
import dev.switchboard.platform.NextPageLink;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The callers who texted STOP, read-only. There is deliberately no way to remove one: a business must not put back on its
 * texts someone who opted out (CTIA, TCPA); only the person's own START, UNSTOP or YES takes them off.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Text-back opt-outs", description = "Callers who texted STOP to one of the company's numbers and are not texted back."
        + " Read-only: a number leaves the list only when its person texts START, UNSTOP or YES; no request removes it, as"
        + " a business may not re-subscribe someone who opted out.")
class TextOptOutsApi {

    private final TextOptOuts optOuts;
    private final Companies companies;

    TextOptOutsApi(TextOptOuts optOuts, Companies companies) {
        this.optOuts = optOuts;
        this.companies = companies;
    }

    @GetMapping("/text-opt-outs")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "Callers not texted back because they texted STOP, the latest first; number filters to one caller;"
            + " a full page has a Link header (rel=\"next\") to the next one, which pages back with before_opted_out_at and"
            + " before_number of its last row. Read-only: only the person's START, UNSTOP or YES takes a number off the list,"
            + " so there is no DELETE")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = dev.switchboard.calls.TextOptOuts.MAX_PAGE)
    ResponseEntity<List<TextOptOuts.OptedOutCaller>> list(@RequestParam(required = false) String number,
            @RequestParam(name = "before_opted_out_at", required = false) Instant beforeOptedOutAt,
            @RequestParam(name = "before_number", required = false) String beforeNumber,
            @RequestParam(defaultValue = "50") int limit) {
        String e164 = null;
        if (number != null && !number.isBlank()) {
            e164 = CallLogs.numberFilter(number, companies.current().defaultRegion());
        }
        var page = optOuts.list(new TextOptOuts.Filter(e164, beforeOptedOutAt, beforeNumber, limit));
        return NextPageLink.ok(page, limit, last -> Map.of("before_opted_out_at", last.optedOutAt().toString(), "before_number", last.number()));
    }
}
