package dev.switchboard.tenancy.api;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.ApiTokens;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Company;
import dev.switchboard.tenancy.Signup;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.Users;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, tokens, the company's settings, its users and the audit log. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Company and users")
class TenancyApi {

    private final Signup signup;
    private final ApiTokens tokens;
    private final Companies companies;
    private final Users users;
    private final AuditLog audit;

    TenancyApi(Signup signup, ApiTokens tokens, Companies companies, Users users, AuditLog audit) {
        this.signup = signup;
        this.tokens = tokens;
        this.companies = companies;
        this.users = users;
        this.audit = audit;
    }

    record SignupBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String companyName,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String timezone,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String ownerEmail,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String ownerPassword, String ownerName) {
    }

    record SignupResult(UUID companyId, UUID ownerId) {
    }

    @ApiResponse(responseCode = "201", description = "Signed up")
    @ApiResponse(responseCode = "409", description = "Not signed up, nothing stored: unique, naming owner_email: a user with "
            + "this email already exists (sign in instead)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "429", description = "Not signed up: too many sign-ups from this address; Retry-After says when "
            + "to try again",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Sign a new company up, with its owner; it starts empty",
            description = "A few sign-ups per client address an hour (switchboard.signup.*); more are answered 429 with Retry-After")
    SignupResult signUp(@RequestBody SignupBody body, HttpServletRequest request) {
        var result = signup.signUp(new Signup.Request(body.companyName(), body.timezone(), body.ownerEmail(), body.ownerPassword(),
                        body.ownerName()),
                request.getRemoteAddr());
        return new SignupResult(result.companyId().value(), result.ownerId());
    }

    record TokenRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String password, String name) {
    }

    @ApiResponse(responseCode = "201", description = "Issued: the token is shown this once")
    @ApiResponse(responseCode = "401", description = "No token: wrong email or password (or a disabled login)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @ApiResponse(responseCode = "429", description = "No token: too many failed logins for this account or address; Retry-After "
            + "says when to try again",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/auth/token")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Exchange an email and password for a bearer token (shown once)")
    ApiTokens.Issued token(@RequestBody TokenRequest body, HttpServletRequest request) {
        return tokens.issue(body.email(), body.password(), body.name(), request.getRemoteAddr());
    }

    @GetMapping("/auth/tokens")
    @Operation(summary = "The signed-in user's tokens (never their secrets)")
    List<ApiTokens.Token> tokens() {
        return tokens.list(actor());
    }

    @DeleteMapping("/auth/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of the signed-in user's tokens",
            description = "Revoking a token already revoked answers 204 again and changes nothing (no second audit entry);"
                    + " another user's token is 404.")
    void revoke(@PathVariable UUID id) {
        tokens.revoke(actor(), id);
    }

    record Me(UUID userId, String email, String role, UUID memberId, UUID companyId, String companyName) {
    }

    @GetMapping("/me")
    @Operation(summary = "Who is signed in")
    Me me() {
        var actor = actor();
        var company = companies.current();
        return new Me(actor.userId(), actor.email(), actor.role().name(), actor.memberId(), company.id().value(), company.name());
    }

    record CompanyView(UUID id, String name, String timezone, String defaultRegion, List<String> businessNumbers,
            boolean setupCompleted, java.time.Instant createdAt, boolean internationalCalls) {
        static CompanyView of(Company c) {
            return new CompanyView(c.id().value(), c.name(), c.timezone().getId(), c.defaultRegion(),
                    c.businessNumbers().stream().map(Object::toString).toList(), c.setupCompleted(), c.createdAt(), c.internationalCalls());
        }
    }

    @GetMapping("/company")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The company's settings")
    CompanyView company() {
        return CompanyView.of(companies.current());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, naming business_numbers: a number is "
            + "already another company's (a business number or a member's direct number, also one given at the same moment), or a "
            + "team member's direct number here",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/company")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change the company's name, timezone, default country, business numbers and whether calls abroad may be made")
    CompanyView updateCompany(@RequestBody Companies.Settings body) {
        return CompanyView.of(companies.update(actor(), body));
    }

    @GetMapping("/users")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The company's logins, by email, with their roles and team members (never their passwords)")
    List<User> listUsers() {
        return users.list();
    }

    @GetMapping("/users/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "One login, with its role and team member")
    User user(@PathVariable UUID id) {
        return users.get(id);
    }

    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "409", description = "Not added, nothing changed: unique, naming email: a user with this email "
            + "already exists, in this company or another (emails are compared ignoring case; of two requests at once for one "
            + "email, the second is answered so)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add a login with its password and role, optionally linked to a team member (only an owner can add "
            + "an owner)")
    User createUser(@RequestBody Users.UserInput body) {
        return users.create(actor(), body);
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, naming email: another user has this "
            + "email, in this company or another (emails are compared ignoring case)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/users/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change a login: each field left out (or null) keeps its value")
    User updateUser(@PathVariable UUID id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/UsersUserInputPartial")))
            @RequestBody Users.UserInput body) {
        return users.update(actor(), id, body);
    }

    @DeleteMapping("/users/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Remove a login; not your own, nor the only owner (only an owner can remove an owner)")
    void deleteUser(@PathVariable UUID id) {
        users.delete(actor(), id);
    }

    @GetMapping("/audit-log")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @dev.switchboard.platform.NextPageLink.Paged(maxLimit = AuditLog.MAX_PAGE)
    @Operation(summary = "Configuration changes, newest first; a full page has a Link header (rel=\"next\") to the next one, "
            + "which pages back with before_id of its last row")
    org.springframework.http.ResponseEntity<List<AuditLog.Entry>> auditLog(
            @io.swagger.v3.oas.annotations.Parameter(description = "Only the changes to this kind of thing", schema = @Schema(
                    allowableValues = {"api_token", "business_hours", "call", "call_link", "call_queue", "company", "customer",
                            "holiday", "ivr_menu", "job", "media", "phone_settings", "routing_rule", "schedule", "schedule_override",
                            "team_availability", "team_member", "user", "voicemail_box", "voicemail_message"}))
            @RequestParam(name = "entity_type", required = false) String entityType,
            @RequestParam(name = "before_id", required = false) Long beforeId, @RequestParam(defaultValue = "100") int limit) {
        InvalidInputException.requireInRange("limit", limit, 1, AuditLog.MAX_PAGE);
        if (entityType != null && entityType.isBlank()) {
            entityType = null;
        }
        if (entityType != null && !AuditLog.ENTITY_TYPES.contains(entityType)) {
            // A kind the log never records ("users", "rule") answered an empty log, as if nothing had changed.
            throw new InvalidInputException("entity_type", "enum", "'" + entityType + "' is no kind of thing the log records: "
                    + "must be one of " + String.join(", ", AuditLog.ENTITY_TYPES));
        }
        // A full page said nothing of the next one, where every other paged list links it: a client following
        // Link headers stopped after the first 100 changes.
        return dev.switchboard.platform.NextPageLink.ok(audit.list(entityType, beforeId, limit), limit,
                last -> java.util.Map.of("before_id", Long.toString(last.id())));
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
