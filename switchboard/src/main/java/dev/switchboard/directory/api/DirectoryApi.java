package dev.switchboard.directory.api;

import dev.switchboard.directory.Customer;
import dev.switchboard.directory.CustomerImport;
import dev.switchboard.directory.CustomerInput;
import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Eligibility;
import dev.switchboard.directory.Forwarding;
import dev.switchboard.directory.Job;
import dev.switchboard.directory.JobInput;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.MemberInput;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/** Team members and their availability, customers and jobs. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Team, customers and jobs")
class DirectoryApi {

    private final Members members;
    private final Customers customers;
    private final CustomerImport customerImport;
    private final Jobs jobs;
    private final Companies companies;
    private final Clock clock;
    private final JsonMergePatch mergePatch;
    private final org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberRouting> routing;

    DirectoryApi(Members members, Customers customers, CustomerImport customerImport, Jobs jobs, Companies companies,
            Clock clock, JsonMergePatch mergePatch, org.springframework.beans.factory.ObjectProvider<dev.switchboard.directory.MemberRouting> routing) {
        this.mergePatch = mergePatch;
        this.routing = routing;
        this.members = members;
        this.customers = customers;
        this.customerImport = customerImport;
        this.jobs = jobs;
        this.companies = companies;
        this.clock = clock;
    }

    // --- members ---

    @GetMapping("/members")
    @Operation(summary = "Every team member with extension settings and availability")
    List<MemberView> members() {
        var zone = companies.current().timezone();
        var now = clock.instant();
        return members.list().stream().map(m -> MemberView.of(m, now, zone)).toList();
    }

    @GetMapping("/members/{id}")
    @Operation(summary = "One team member with extension settings and availability")
    MemberView member(@PathVariable UUID id) {
        return view(members.get(id));
    }

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add a team member (409 for a taken extension or number, 422 for a bad field)")
    @ApiResponse(responseCode = "201", description = "Added; warnings says, as the Extensions page does, when calls to the business "
            + "number will not ring them yet (no phone of theirs rings; a rule ahead of them takes every call and rings others; calls "
            + "no rule takes go to voicemail), and when a login with their email is linked to no team member, and what to do")
    @ApiResponse(responseCode = "409", description = "Not added, nothing changed: unique, naming the field whose value is taken: "
            + "phone_extension or email (another member's), direct_inward_dial (another member's, a business number, or in use "
            + "elsewhere); pick another",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    CreatedMember createMember(@RequestBody MemberInput body) {
        var created = members.create(actor(), body);
        var notes = new java.util.ArrayList<String>();
        routing.stream().map(r -> r.newMemberNote(created)).flatMap(java.util.Optional::stream).findFirst().ifPresent(notes::add);
        members.unlinkedLoginNote(created).ifPresent(notes::add);
        return new CreatedMember(view(created), List.copyOf(notes));
    }

    /** A member just added, with what stands in the way of calls reaching them (see {@link dev.switchboard.directory.MemberRouting}). */
    record CreatedMember(@com.fasterxml.jackson.annotation.JsonUnwrapped MemberView member, List<String> warnings) {
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, naming the field whose value is taken: "
            + "phone_extension or email (another member's), direct_inward_dial (another member's, a business number, or in use "
            + "elsewhere); pick another",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/members/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace a member's settings; an absent voicemail_pin keeps the current one")
    MemberView updateMember(@PathVariable UUID id, @RequestBody MemberInput body) {
        return view(members.update(actor(), id, body));
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, naming the field whose value is taken: "
            + "phone_extension or email (another member's), direct_inward_dial (another member's, a business number, or in use "
            + "elsewhere); pick another",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PatchMapping(path = "/members/{id}", consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change some of a member's settings (JSON Merge Patch, RFC 7396)", description = """
            Fields present are changed, absent ones kept; null empties an optional field (email, role, phone_extension,
            direct_inward_dial, call_forwarding_number, voicemail_greeting_url, sip_address) and removes the voicemail PIN
            (voicemail_pin: null). A null for a field without an empty value (name, a switch, ring_timeout_seconds,
            max_concurrent_calls) or an unknown field is refused with 400 naming it. The result is checked and saved as a PUT
            of it would be (422 or 409 with the same errors; nothing changed).""")
    MemberView patchMember(@PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = JsonMergePatch.MEDIA_TYPE, schema = @Schema(ref = "#/components/schemas/MemberInputPartial")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/MemberInputPartial"))}) @RequestBody JsonNode body) {
        if (body != null && body.isObject() && body.has("voicemail_pin") && body.get("voicemail_pin").isNull()) {
            // The input form has no PIN to empty (it is never read back): null means remove it, as clear_voicemail_pin does.
            var copy = (tools.jackson.databind.node.ObjectNode) body.deepCopy();
            copy.remove("voicemail_pin");
            copy.put("clear_voicemail_pin", true);
            body = copy;
        }
        var patch = mergePatch.of(body, MemberInput.class, MemberInput.NOT_NULLABLE);
        return view(members.update(actor(), id, patch::applyTo));
    }

    @PatchMapping(path = "/members/{id}/forwarding", consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Change where a member's calls are forwarded (JSON Merge Patch); agents and supervisors only their own",
            description = """
            The forwarding fields of a member, and only those: call_forwarding_number (null removes it),
            call_forwarding_enabled (calls ring the number instead of the SIP phone), simultaneous_ring_enabled (the SIP
            phone and the number ring at once) and confirm_forwarded_calls (whoever answers the number presses 1 first).
            Checked as a PATCH of the member (422 naming the field: not a phone number, the member's own direct number, one
            of the company's numbers, a loop through a colleague's forwarding; nothing changed) and audited the same. An
            owner or admin changes anyone's; anyone else only their own member's (403 otherwise, saying so, and saying it
            when their login is linked to no team member).""")
    MemberView patchForwarding(@PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = JsonMergePatch.MEDIA_TYPE, schema = @Schema(implementation = Forwarding.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Forwarding.class))}) @RequestBody JsonNode body) {
        var patch = mergePatch.of(body, Forwarding.class, Forwarding.NOT_NULLABLE);
        return view(members.setForwarding(actor(), id, patch::applyTo));
    }

    @Operation(summary = "Delete a team member (409 in_use naming the rules, queues or targets that still ring them)")
    @ApiResponse(responseCode = "204", description = "Deleted; what was theirs let go")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: "
            + "in_use, the detail naming each place that still rings or "
            + "sends calls to the member (a rule, a menu, a queue, a holiday, the after-hours target; change those first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "422", description = "Not deleted, nothing changed: keep_direct_number asked for a direct number"
            + " that cannot be a business number (a colleague's calls are forwarded to it)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    void deleteMember(@PathVariable UUID id,
            @Parameter(description = "Keep the member's direct number as a business number, so calls to it go through the call"
                    + " routing; left out or false, it is released and calls to it are refused")
            @RequestParam(name = "keep_direct_number", defaultValue = "false") boolean keepDirectNumber) {
        members.delete(actor(), id, keepDirectNumber);
    }

    record AssignExtensions(Integer start) {
    }

    @PostMapping("/members/assign-extensions")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Give every member without an extension the next free one")
    @ApiResponse(responseCode = "200", description = "The members given an extension")
    @ApiResponse(responseCode = "409", description = "None given, nothing changed: unique, naming phone_extension: a member "
            + "added or changed at the same moment took an extension being given out; try again",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    List<MemberView> assignExtensions(@RequestBody(required = false) AssignExtensions body) {
        int start = body == null || body.start() == null ? 101 : body.start();
        return members.assignNextFreeExtensions(actor(), start).stream().map(this::view).toList();
    }

    record StatusBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = dev.switchboard.directory.MemberStatus.class) String status, String reason) {
    }

    @PutMapping("/members/{id}/status")
    @Operation(summary = "Set availability status (AVAILABLE, AWAY, OFFLINE); agents only their own, owners, admins and supervisors anyone's")
    MemberView setStatus(@PathVariable UUID id, @RequestBody StatusBody body) {
        return view(members.setStatus(actor(), id, body.status(), body.reason()));
    }

    record VacationBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) LocalDate startDate,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) LocalDate endDate,
            @dev.switchboard.platform.Text.MultiLine String message, Boolean autoReplyEnabled) {
    }

    @PutMapping("/members/{id}/vacation")
    @Operation(summary = "Set a vacation (whole days in the company's timezone); agents and supervisors only their own")
    MemberView setVacation(@PathVariable UUID id, @RequestBody VacationBody body) {
        return view(members.setVacation(actor(), id, body.startDate(), body.endDate(), body.message(), body.autoReplyEnabled()));
    }

    @DeleteMapping("/members/{id}/vacation")
    @Operation(summary = "Remove a member's vacation; agents and supervisors only their own")
    MemberView clearVacation(@PathVariable UUID id) {
        return view(members.clearVacation(actor(), id));
    }

    record DndBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant until) {
    }

    @PutMapping("/members/{id}/do-not-disturb")
    @Operation(summary = "Do-not-disturb until an instant (at most 30 days); agents and supervisors only their own")
    MemberView setDnd(@PathVariable UUID id, @RequestBody DndBody body) {
        return view(members.setDoNotDisturb(actor(), id, body.until()));
    }

    @DeleteMapping("/members/{id}/do-not-disturb")
    @Operation(summary = "Turn a member's do-not-disturb off now; agents and supervisors only their own")
    MemberView clearDnd(@PathVariable UUID id) {
        return view(members.clearDoNotDisturb(actor(), id));
    }

    record PinBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "4 to 10 digits") String voicemailPin) {
    }

    @PutMapping("/members/{id}/voicemail-pin")
    @Operation(summary = "Set the PIN a member's voicemail by phone asks for (4 to 10 digits; never shown again); agents and "
            + "supervisors only their own")
    MemberView setVoicemailPin(@PathVariable UUID id, @RequestBody PinBody body) {
        if (body == null || body.voicemailPin() == null) {
            throw new InvalidInputException("voicemail_pin", "required", "is required: 4 to 10 digits (DELETE removes the PIN)");
        }
        return view(members.setVoicemailPin(actor(), id, body.voicemailPin()));
    }

    @DeleteMapping("/members/{id}/voicemail-pin")
    @Operation(summary = "Remove a member's voicemail PIN (their voicemail by phone then cannot be opened); agents and "
            + "supervisors only their own")
    MemberView clearVoicemailPin(@PathVariable UUID id) {
        return view(members.setVoicemailPin(actor(), id, null));
    }

    @GetMapping("/members/eligible")
    @Operation(summary = "Who can take a call now, with availability scores, and why the others cannot")
    Eligibility.Report eligible(@RequestParam(name = "member_id", required = false) List<UUID> memberIds) {
        return members.eligible(memberIds);
    }

    // --- customers ---

    @GetMapping("/customers")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = Customers.MAX_PAGE)
    @Operation(summary = "Customers by name; q finds those whose name, email or a phone number contains it; a full page has a "
            + "Link header (rel=\"next\") to the next one, which goes on after its last row with after_name and after_id")
    ResponseEntity<List<Customer>> customers(@RequestParam(required = false) String q, @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "The paging cursor: the customers after this one (by name, then id), with after_id. Follow "
                    + "the Link header of the previous page rather than setting it by hand")
            @RequestParam(name = "after_name", required = false) String afterName,
            @Parameter(description = "The paging cursor's id, with after_name")
            @RequestParam(name = "after_id", required = false) UUID afterId) {
        requireTogether("after_name", afterName, "after_id", afterId);
        var page = customers.list(q, limit, afterId == null ? null : new Customers.After(afterName, afterId));
        return dev.switchboard.platform.NextPageLink.ok(page, limit,
                last -> java.util.Map.of("after_name", last.name(), "after_id", last.id().toString()));
    }

    /**
     * A paging cursor's two parameters, both or neither: one alone would start the list over (or page from a row that is
     * not the one meant), read as the whole list.
     */
    private static void requireTogether(String first, Object firstValue, String second, Object secondValue) {
        if ((firstValue == null) != (secondValue == null)) {
            var missing = firstValue == null ? first : second;
            throw new InvalidInputException(missing, "required", "must be given with " + (firstValue == null ? second : first)
                    + " (the cursor of the previous page's Link header: both or neither)");
        }
    }

    @GetMapping("/customers/lookup")
    @Operation(summary = "The customers calling from a number")
    List<Customer> lookup(@RequestParam String number) {
        PhoneNumber parsed;
        try {
            parsed = PhoneNumber.parse(number, companies.current().defaultRegion());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("number", "e164", e.getMessage());
        }
        return customers.findByNumber(parsed);
    }

    @GetMapping("/customers/{id}")
    @Operation(summary = "One customer with their phone numbers, tags and notes")
    Customer customer(@PathVariable UUID id) {
        return customers.get(id);
    }

    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "409", description = "Not added, nothing changed: unique, naming external_id: another customer "
            + "already has it (the detail says who); duplicate, naming phone_numbers: a customer of the same name (in any case) "
            + "already has one of the numbers, the same customer again, as the import refuses it (another name on a number is a "
            + "shared line)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/customers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a customer (not agents)")
    Customer createCustomer(@RequestBody CustomerInput body) {
        return customers.create(actor(), body);
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, naming external_id: another customer "
            + "already has it (the detail says who); duplicate, naming phone_numbers: a customer of the same name (in any case) "
            + "already has one of the numbers, the same customer again, as the import refuses it (another name on a number is a "
            + "shared line)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/customers/{id}")
    @Operation(summary = "Replace all of a customer's fields, phone numbers included (not agents)")
    Customer updateCustomer(@PathVariable UUID id, @RequestBody CustomerInput body) {
        return customers.update(actor(), id, body);
    }

    @DeleteMapping("/customers/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a customer and their jobs (not agents)")
    void deleteCustomer(@PathVariable UUID id) {
        customers.delete(actor(), id);
    }

    /** What {@code update_by_external_id} does, for both forms of the import. */
    private static final String UPDATE_BY_EXTERNAL_ID = "true: a row whose external_id is an existing customer's updates that "
            + "customer (each column the file has, as the row gives it, an empty cell clearing it; the columns it has not are "
            + "kept) and is counted in 'updated'; a row without an external_id is never merged into anyone. false (the "
            + "default): such a row is refused as an existing customer";

    /**
     * The import's own limit and words, as the page's ({@link CustomerImport#TOO_LARGE}): a body declaring more is refused
     * before it is read, one over the 20 MB multipart limit in these words rather than those of the audio uploads.
     */
    @org.springframework.context.annotation.Bean
    static dev.switchboard.platform.UploadForm customerImportApiUpload() {
        return new dev.switchboard.platform.UploadForm("/api/v1/customers/import", CustomerImport.TOO_LARGE, CustomerImport.MAX_BYTES);
    }

    /** A file sent without its length, found over the limit once read. */
    private static byte[] withinLimit(String field, byte[] bytes) {
        if (bytes.length > CustomerImport.MAX_BYTES) {
            throw new dev.switchboard.platform.PayloadTooLargeException(field, CustomerImport.TOO_LARGE);
        }
        return bytes;
    }

    @PostMapping(path = "/customers/import", consumes = "text/csv")
    @Operation(summary = "Import customers from a CSV body; a file with errors imports nothing unless skip_invalid=true; "
            + "with update_by_external_id=true a row with an existing customer's external_id updates that customer",
            description = "Columns: name (required), phone or phone_numbers, email, tags, external_id, notes; any other column is "
                    + "ignored and listed in 'ignored_columns' (a file with none of these columns, or without name, is refused). "
                    + "The result counts 'imported' (new customers), 'updated' (existing ones, only with update_by_external_id) and "
                    + "'rejected' rows; each error gives its 'row' as a spreadsheet numbers it (the header is row 1; 'line' is the "
                    + "same number under its former name), the column as 'field', and the existing customer it names as 'customer_id'.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Imported: the report",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CustomerImport.Result.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422",
            description = "Refused, nothing imported: a problem document whose errors are the rows' errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ImportRefused.class)))
    ResponseEntity<?> importCsv(@RequestBody byte[] body,
            @RequestParam(name = "skip_invalid", defaultValue = "false") boolean skipInvalid,
            @Parameter(description = UPDATE_BY_EXTERNAL_ID)
            @RequestParam(name = "update_by_external_id", defaultValue = "false") boolean updateByExternalId) {
        return importResult(customerImport.importCsv(actor(), CustomerImport.utf8(withinLimit("body", body)), skipInvalid, updateByExternalId));
    }

    @PostMapping(path = "/customers/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import customers from an uploaded CSV file or Excel workbook (.xlsx, its first sheet, each cell as the "
            + "sheet shows it; part 'file'), as the CSV body import")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Imported: the report",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CustomerImport.Result.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422",
            description = "Refused, nothing imported: a problem document whose errors are the rows' errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ImportRefused.class)))
    ResponseEntity<?> importUpload(@RequestPart("file") MultipartFile file,
            @RequestParam(name = "skip_invalid", defaultValue = "false") boolean skipInvalid,
            @Parameter(description = UPDATE_BY_EXTERNAL_ID)
            @RequestParam(name = "update_by_external_id", defaultValue = "false") boolean updateByExternalId) throws IOException {
        if (file.getSize() > CustomerImport.MAX_BYTES) {
            throw new dev.switchboard.platform.PayloadTooLargeException("file", CustomerImport.TOO_LARGE);
        }
        return importResult(customerImport.importCsv(actor(), CustomerImport.text(file.getBytes()), skipInvalid, updateByExternalId));
    }

    /**
     * An import's answer: the report when it was saved; when it was refused (rows with errors, nothing saved), a problem
     * document (RFC 9457, as every refusal of the API) whose {@code errors} are the rows' errors, with the report's counts
     * and ignored columns beside them, so a client reads a refusal the one way whatever refused it.
     */
    private static ResponseEntity<?> importResult(CustomerImport.Result result) {
        if (result.committed()) {
            return ResponseEntity.ok(result);
        }
        var errors = result.errors();
        var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "nothing was imported: " + (errors.isEmpty() ? "the file has errors" : errors.getFirst().message()
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; see errors)" : "")));
        problem.setTitle("Import refused");
        problem.setType(java.net.URI.create("about:blank"));
        problem.setProperty("errors", errors);
        problem.setProperty("imported", result.imported());
        problem.setProperty("updated", result.updated());
        problem.setProperty("rejected", result.rejected());
        problem.setProperty("committed", false);
        problem.setProperty("ignored_columns", result.ignoredColumns());
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * A refused import as a problem document (RFC 9457): the rows' errors, and the report's counts as extension members.
     * Only for the OpenAPI document ({@link #importResult} writes it as a {@code ProblemDetail}).
     */
    @Schema(name = "CustomerImportRefused", requiredProperties = {"title", "status", "errors", "imported", "updated", "rejected",
            "committed", "ignored_columns"})
    record ImportRefused(String type, String title, int status, String detail, String instance, List<CustomerImport.RowError> errors,
            int imported, int updated, int rejected, boolean committed, List<String> ignoredColumns) {
    }

    // --- jobs ---

    @GetMapping("/jobs")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = Jobs.MAX_PAGE)
    @Operation(summary = "Jobs, newest first, optionally only a customer's or those with a status; a full page has a Link "
            + "header (rel=\"next\") to the next one, which pages back with before_created_at and before_id of its last row")
    ResponseEntity<List<Job>> jobs(@RequestParam(name = "customer_id", required = false) UUID customerId,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(name = "before_created_at", required = false) java.time.Instant beforeCreatedAt,
            @RequestParam(name = "before_id", required = false) UUID beforeId) {
        requireTogether("before_created_at", beforeCreatedAt, "before_id", beforeId);
        var page = jobs.list(customerId, status, limit, beforeId == null ? null : new Jobs.Before(beforeCreatedAt, beforeId));
        return dev.switchboard.platform.NextPageLink.ok(page, limit,
                last -> java.util.Map.of("before_created_at", last.createdAt().toString(), "before_id", last.id().toString()));
    }

    @GetMapping("/jobs/{id}")
    @Operation(summary = "One job")
    Job job(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @PostMapping("/jobs")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a job for a customer, optionally scheduled and assigned to a member (not agents)")
    Job createJob(@RequestBody JobInput body) {
        return jobs.create(actor(), body);
    }

    @PutMapping("/jobs/{id}")
    @Operation(summary = "Replace all of a job's fields: customer, title, status, member and time (not agents)")
    Job updateJob(@PathVariable UUID id, @RequestBody JobInput body) {
        return jobs.update(actor(), id, body);
    }

    @DeleteMapping("/jobs/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a job (not agents)")
    void deleteJob(@PathVariable UUID id) {
        jobs.delete(actor(), id);
    }

    private MemberView view(TeamMember m) {
        return MemberView.of(m, clock.instant(), companies.current().timezone());
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
