package dev.switchboard.directory.web;

import dev.switchboard.directory.Customer;
import dev.switchboard.directory.CustomerCalls;
import dev.switchboard.directory.CustomerExport;
import dev.switchboard.directory.CustomerInput;
import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Customers: search by name, email or a number however it is typed, a page per customer with their jobs and recent
 * calls; owners, admins and supervisors add, edit and delete them, through the same service (and so the same checks)
 * as the API. Everyone signed in reads them, as on the API: an agent taking a call needs to know who is calling.
 */
@Controller
class CustomersPage {

    static final String URL = "/customers";
    static final int PAGE = 50;
    static final int RECENT_CALLS = 20;

    private final Customers customers;
    private final Jobs jobs;
    private final Members members;
    private final CustomerCalls calls;
    private final Companies companies;
    private final CustomerExport export;

    CustomersPage(Customers customers, Jobs jobs, Members members, CustomerCalls calls, Companies companies, CustomerExport export) {
        this.customers = customers;
        this.export = export;
        this.jobs = jobs;
        this.members = members;
        this.calls = calls;
        this.companies = companies;
    }

    /**
     * The customer form's fields as typed: the numbers one per line (or separated by commas or semicolons), the tags
     * separated by commas, so that what was typed comes back as it was when something is refused.
     */
    record Form(String name, @dev.switchboard.platform.Text.MultiLine String phoneNumbers, String email, String externalId, String tags,
            @dev.switchboard.platform.Text.MultiLine String notes) {

        static Form blank() {
            return new Form("", "", "", "", "", "");
        }

        static Form of(Customer c) {
            return new Form(c.name(), c.phoneNumbers().stream().map(p -> p.e164()).collect(Collectors.joining("\n")),
                    c.email() == null ? "" : c.email(), c.externalId() == null ? "" : c.externalId(),
                    String.join(", ", c.tags()), c.notes() == null ? "" : c.notes());
        }

        CustomerInput input() {
            return new CustomerInput(name, email, externalId, CustomerInput.split(phoneNumbers), CustomerInput.split(tags), notes);
        }
    }

    @GetMapping(URL)
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model,
            HttpServletResponse response) {
        List<Customer> found = List.of();
        String problem = null;
        // A page past what an offset holds is refused as one below 0 is, not a failure multiplying it.
        if (page < 0 || page > Integer.MAX_VALUE / PAGE - 1) {
            problem = "page: must be 0 to " + (Integer.MAX_VALUE / PAGE - 1);
        } else {
            // One more than a page, to know whether there is a next one.
            found = customers.list(q, PAGE + 1, page * PAGE);
        }
        if (problem != null) {
            response.setStatus(400);
        }
        boolean more = found.size() > PAGE;
        model.addAttribute("customers", more ? found.subList(0, PAGE) : found);
        model.addAttribute("q", q);
        model.addAttribute("page", page);
        model.addAttribute("more", more);
        model.addAttribute("problem", problem);
        return "customers/list";
    }

    /**
     * The customers the search finds (every one for none), as a file the import takes back. For those who add and change
     * customers, as the import is: an agent reads a customer while taking a call, and has no need to take the list away.
     */
    @GetMapping(URL + "/export.csv")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    void exportCsv(@RequestParam(defaultValue = "") String q, HttpServletResponse response) throws java.io.IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"customers.csv\"");
        export.csv(q, response.getOutputStream());
    }

    @GetMapping(URL + "/export.xlsx")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    void exportXlsx(@RequestParam(defaultValue = "") String q, HttpServletResponse response) throws java.io.IOException {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"customers.xlsx\"");
        export.xlsx(q, response.getOutputStream());
    }

    @GetMapping(URL + "/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String create(Model model) {
        return form(model, null, Form.blank(), Map.of());
    }

    @PostMapping(URL + "/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String add(@ModelAttribute Form form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            var saved = customers.add(actor(), form.input());
            var created = saved.customer();
            redirect.addFlashAttribute("saved", "Customer \u201c" + created.name() + "\u201d added." + linked(saved.linkedCalls()));
            return "redirect:" + URL + "/" + created.id();
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, null, form, errors(e.problems()));
        } catch (ConflictException e) {
            response.setStatus(409);
            model.addAttribute("externalIdHolder", customers.externalIdHolder(form.externalId(), null).orElse(null));
            return form(model, null, form, errors(List.of(e.problem())));
        }
    }

    /** What a save says of the earlier calls of the customer's new numbers it linked to them (nothing for none). */
    static String linked(int calls) {
        return calls == 0 ? "" : calls == 1 ? " 1 earlier call from their number is now linked to them."
                : " " + calls + " earlier calls from their numbers are now linked to them.";
    }

    @GetMapping(URL + "/{id}")
    String detail(@PathVariable UUID id, Model model) {
        var customer = customers.get(id);
        model.addAttribute("customer", customer);
        model.addAttribute("jobs", jobs.list(id, null, 1000));
        model.addAttribute("calls", calls.recent(actor(), id, RECENT_CALLS));
        model.addAttribute("memberNames", memberNames());
        model.addAttribute("zone", companies.current().timezone());
        return "customers/detail";
    }

    @GetMapping(URL + "/{id}/edit")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String edit(@PathVariable UUID id, Model model) {
        return form(model, id, Form.of(customers.get(id)), Map.of());
    }

    @PostMapping(URL + "/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String update(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        customers.get(id); // another company's id, or one deleted since: 404 before anything typed is looked at
        try {
            var changed = customers.change(actor(), id, form.input());
            redirect.addFlashAttribute("saved", "Customer \u201c" + changed.customer().name() + "\u201d saved." + linked(changed.linkedCalls()));
            return "redirect:" + URL + "/" + id;
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return form(model, id, form, errors(e.problems()));
        } catch (ConflictException e) {
            response.setStatus(409);
            model.addAttribute("externalIdHolder", customers.externalIdHolder(form.externalId(), id).orElse(null));
            return form(model, id, form, errors(List.of(e.problem())));
        }
    }

    /** Deletes the customer and their jobs; their calls stay in the call log, as from a caller no longer known. */
    @PostMapping(URL + "/{id}/delete")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var customer = customers.get(id);
        customers.delete(actor(), id);
        redirect.addFlashAttribute("saved", "Customer \u201c" + customer.name()
                + "\u201d deleted with their jobs; their calls stay in the call log.");
        return "redirect:" + URL;
    }

    private String form(Model model, UUID id, Form form, Map<String, String> errors) {
        model.addAttribute("customerId", id);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "customers/form";
    }

    /**
     * The problems by the form's field: the API's {@code phone_numbers[1]} is the numbers box, each bad number named
     * by what was typed (the service's message quotes it), all of them, not only the first.
     */
    static Map<String, String> errors(List<FieldProblem> problems) {
        var errors = new LinkedHashMap<String, String>();
        for (var p : problems) {
            var field = p.field().replaceAll("\\[\\d+]$", "");
            errors.merge(field, p.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /** Members' names, deleted members' too ("Joe Park (removed)"), as the call log names who answered. */
    private Map<UUID, String> memberNames() {
        return members.everyonesNames();
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
