package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.calls.TextOptOuts;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.routing.TextBackOptOuts;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The callers who texted STOP, linked from the General tab's text-back section: read-only, newest first, in pages, with
 * a number filter. Nothing here takes a number off: only the person's own START does (see {@link TextOptOuts}).
 */
@Controller
class TextOptOutsPage {

    static final int PAGE = 50;

    private final TextOptOuts optOuts;
    private final Companies companies;

    TextOptOutsPage(TextOptOuts optOuts, Companies companies) {
        this.optOuts = optOuts;
        this.companies = companies;
    }

    @GetMapping(TextBackOptOuts.PAGE)
    String page(@RequestParam(required = false) String number, @RequestParam(required = false) String before,
            @RequestParam(required = false) String beforeNumber, Model model, HttpServletResponse response) {
        var company = companies.current();
        model.addAttribute("zone", company.timezone());
        model.addAttribute("number", number == null ? "" : number);
        List<TextOptOuts.OptedOutCaller> rows = List.of();
        String error = null;
        try {
            var e164 = number == null || number.isBlank() ? null : CallLogs.numberFilter(number, company.defaultRegion());
            Instant after;
            try {
                after = before == null || before.isBlank() ? null : Instant.parse(before);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("before", "instant", "'" + before + "' is not an instant");
            }
            rows = optOuts.list(new TextOptOuts.Filter(e164, after, after == null ? null : beforeNumber, PAGE));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            error = e.problems().getFirst().field() + ": " + e.problems().getFirst().message();
        }
        model.addAttribute("rows", rows);
        model.addAttribute("error", error);
        model.addAttribute("total", optOuts.optedOutCount());
        model.addAttribute("next", rows.size() == PAGE ? rows.getLast() : null);
        return "settings/text-opt-outs";
    }
}
