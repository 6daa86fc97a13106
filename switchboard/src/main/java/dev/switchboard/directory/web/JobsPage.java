package dev.switchboard.directory.web;

import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Job;
import dev.switchboard.directory.JobInput;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.LocalDateTimeField;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A customer's jobs: added from the customer's page, each with its own page (read by everyone signed in, as on the
 * API; changed by owners, admins and supervisors). The scheduled time is typed on the company's clock.
 */
@Controller
class JobsPage {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Jobs jobs;
    private final Customers customers;
    private final Members members;
    private final Companies companies;

    JobsPage(Jobs jobs, Customers customers, Members members, Companies companies) {
        this.jobs = jobs;
        this.customers = customers;
        this.members = members;
        this.companies = companies;
    }

    /** The job form's fields as typed; {@code scheduledAt} is a datetime-local value in the company's timezone. */
    record Form(String title, String status, UUID assignedMemberId, String scheduledAt) {

        static Form blank() {
            return new Form("", "OPEN", null, "");
        }

        static Form of(Job j, ZoneId zone) {
            return new Form(j.title(), j.status().name(), j.assignedMemberId(),
                    j.scheduledAt() == null ? "" : LOCAL.format(j.scheduledAt().atZone(zone)));
        }

        /** The input for the service; a time that cannot be read is named in {@code errors}, the rest still checked. */
        JobInput input(UUID customerId, ZoneId zone, Map<String, String> errors) {
            Instant at = null;
            if (scheduledAt != null && !scheduledAt.isBlank()) {
                try {
                    at = LocalDateTimeField.read("scheduled_at", scheduledAt, zone);
                } catch (InvalidInputException e) {
                    errors.putAll(e.byField());
                }
            }
            return new JobInput(customerId, title, status, assignedMemberId, at);
        }
    }

    @GetMapping("/customers/{id}/jobs/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String create(@PathVariable UUID id, Model model) {
        customers.get(id);
        return form(model, id, null, Form.blank(), Map.of());
    }

    @PostMapping("/customers/{id}/jobs/new")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String add(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        customers.get(id);
        return save(id, null, form, model, response, redirect);
    }

    @GetMapping("/jobs/{id}")
    String edit(@PathVariable UUID id, Model model) {
        var job = jobs.get(id);
        return form(model, job.customerId(), id, Form.of(job, zone()), Map.of());
    }

    @PostMapping("/jobs/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String update(@PathVariable UUID id, @ModelAttribute Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        var job = jobs.get(id);
        return save(job.customerId(), id, form, model, response, redirect);
    }

    @PostMapping("/jobs/{id}/delete")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var job = jobs.get(id);
        jobs.delete(Actor.current().orElseThrow(), id);
        redirect.addFlashAttribute("saved", "Job \u201c" + job.title() + "\u201d deleted; its calls stay in the call log.");
        return "redirect:/customers/" + job.customerId();
    }

    private String save(UUID customerId, UUID jobId, Form form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        var errors = new HashMap<String, String>();
        var input = form.input(customerId, zone(), errors);
        try {
            if (!errors.isEmpty()) {
                // The time typed is not one: the other fields are checked too, and nothing is saved.
                jobs.check(input);
            } else {
                var actor = Actor.current().orElseThrow();
                var saved = jobId == null ? jobs.create(actor, input) : jobs.update(actor, jobId, input);
                redirect.addFlashAttribute("saved", "Job \u201c" + saved.title() + "\u201d saved.");
                return "redirect:/customers/" + customerId;
            }
        } catch (InvalidInputException e) {
            e.byField().forEach(errors::putIfAbsent);
        }
        response.setStatus(422);
        return form(model, customerId, jobId, form, errors);
    }

    private String form(Model model, UUID customerId, UUID jobId, Form form, Map<String, String> errors) {
        model.addAttribute("customer", customers.get(customerId));
        model.addAttribute("jobId", jobId);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("statuses", Job.Status.values());
        model.addAttribute("members", members.list());
        model.addAttribute("zone", zone());
        return "customers/job-form";
    }

    private ZoneId zone() {
        return companies.current().timezone();
    }
}
