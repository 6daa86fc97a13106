package dev.switchboard.routing.api;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.platform.Warning;
import dev.switchboard.routing.IvrMenu;
import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.routing.RoutingRule;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.tenancy.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Routing rules (with their order), IVR menus and the general phone settings. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Routing")
class RoutingApi {

    private final RoutingRules rules;
    private final IvrMenus menus;
    private final PhoneSettings settings;
    private final dev.switchboard.routing.RoutingSnapshots snapshots;
    private final JsonMergePatch mergePatch;

    RoutingApi(RoutingRules rules, IvrMenus menus, PhoneSettings settings, dev.switchboard.routing.RoutingSnapshots snapshots,
            JsonMergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.snapshots = snapshots;
        this.rules = rules;
        this.menus = menus;
        this.settings = settings;
    }

    /**
     * A rule as saved, with the warnings from saving it: its fields at the top level, as GET answers it (a created rule's
     * {@code id} where a GET's is), and inside {@code rule} too, as the writes answered before they were at the top level.
     */
    record RuleView(@com.fasterxml.jackson.annotation.JsonUnwrapped RoutingRule saved,
            @Schema(deprecated = true, schemaResolution = Schema.SchemaResolution.ALL_OF_REF, description = "The same rule as the top-level fields, kept for clients written when "
                    + "a write answered it only here; read the top-level fields") RoutingRule rule,
            List<Warning> warnings) {

        RuleView(RoutingRule rule, List<Warning> warnings) {
            this(rule, rule, warnings);
        }
    }

    /** A stored rule as read, with its current warnings (a target rule that is disabled, nobody in it). */
    record RuleItem(@com.fasterxml.jackson.annotation.JsonUnwrapped RoutingRule rule, List<Warning> warnings) {
    }

    @GetMapping("/routing-rules")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "Routing rules in priority order, each with its warnings")
    List<RuleItem> rules() {
        var warnings = rules.warnings();
        return rules.list().stream().map(r -> new RuleItem(r, warnings.getOrDefault(r.id(), List.of()))).toList();
    }

    @GetMapping("/routing-rules/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "One routing rule, with its warnings")
    RuleItem rule(@PathVariable UUID id) {
        return new RuleItem(rules.get(id), rules.warnings().getOrDefault(id, List.of()));
    }

    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another routing rule already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/routing-rules")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add a rule at the end of the order")
    RuleView createRule(@RequestBody RuleInput.Rule body) {
        var saved = rules.create(actor(), body);
        return new RuleView(saved.rule(), saved.warnings());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another routing rule already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/routing-rules/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace all of a rule's fields (its place in the order is kept); returns it with its warnings")
    RuleView updateRule(@PathVariable UUID id, @RequestBody RuleInput.Rule body) {
        var saved = rules.update(actor(), id, body);
        return new RuleView(saved.rule(), saved.warnings());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another routing rule already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PatchMapping(path = "/routing-rules/{id}", consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change some of a rule's fields (JSON Merge Patch, RFC 7396)", description = """
            Fields present are changed, absent ones kept: {"enabled": false} turns a rule off and keeps everything else.
            null empties an optional field (ivr_menu_id, schedule_id, conditions, a target); objects (conditions, targets)
            are merged field by field, so a target changing kind sends null for the fields it no longer has. A null for a
            field without an empty value (name, type, a switch, ring_timeout_seconds, member_ids: send [] instead) or an
            unknown field is refused with 400 naming it. The result is checked and saved as a PUT of it would be (422 with
            the same errors; nothing changed).""")
    RuleView patchRule(@PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = JsonMergePatch.MEDIA_TYPE, schema = @Schema(ref = "#/components/schemas/RuleInputRulePartial")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/RuleInputRulePartial"))}) @RequestBody JsonNode body) {
        var patch = mergePatch.of(body, RuleInput.Rule.class, RuleInput.Rule.NOT_NULLABLE);
        var saved = rules.update(actor(), id, patch::applyTo);
        return new RuleView(saved.rule(), saved.warnings());
    }

    @Operation(summary = "Delete a routing rule (409 in_use naming what still sends calls to it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: "
            + "in_use, the detail naming each place that still sends calls to the rule "
            + "(another rule, an IVR menu, a queue, a holiday, the after-hours target; change those first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/routing-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    void deleteRule(@PathVariable UUID id) {
        rules.delete(actor(), id);
    }

    record MoveBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String direction) {
    }

    @PostMapping("/routing-rules/{id}/move")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Move a rule one place UP or DOWN; returns the new order")
    List<RoutingRule> move(@PathVariable UUID id, @RequestBody MoveBody body) {
        return rules.move(actor(), id, body.direction());
    }

    record OrderBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<UUID> ruleIds) {
    }

    @PutMapping("/routing-rules/order")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Set the whole order: every rule id once, first is priority 1")
    List<RoutingRule> reorder(@RequestBody OrderBody body) {
        return rules.reorder(actor(), body.ruleIds());
    }

    /** A menu as saved, with the warnings from saving it: as GET answers it, and inside {@code menu} too (see RuleView). */
    record MenuView(@com.fasterxml.jackson.annotation.JsonUnwrapped IvrMenu saved,
            @Schema(deprecated = true, schemaResolution = Schema.SchemaResolution.ALL_OF_REF, description = "The same menu as the top-level fields, kept for clients written when "
                    + "a write answered it only here; read the top-level fields") IvrMenu menu,
            List<Warning> warnings) {

        MenuView(IvrMenu menu, List<Warning> warnings) {
            this(menu, menu, warnings);
        }
    }

    /** A stored menu as read, with its current warnings (a key sending calls to a disabled rule). */
    record MenuItem(@com.fasterxml.jackson.annotation.JsonUnwrapped IvrMenu menu, List<Warning> warnings) {
    }

    @GetMapping("/ivr-menus")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "IVR menus, each with its warnings")
    List<MenuItem> menus() {
        var warnings = menus.warnings();
        return menus.list().stream().map(m -> new MenuItem(m, warnings.getOrDefault(m.id(), List.of()))).toList();
    }

    @GetMapping("/ivr-menus/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "One IVR menu, with its warnings")
    MenuItem menu(@PathVariable UUID id) {
        return new MenuItem(menus.get(id), menus.warnings().getOrDefault(id, List.of()));
    }

    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another IVR menu already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/ivr-menus")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add an IVR menu: its greeting and what each key does; returns it with its warnings")
    MenuView createMenu(@RequestBody RuleInput.Menu body) {
        var saved = menus.create(actor(), body);
        return new MenuView(saved.menu(), saved.warnings());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another IVR menu already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/ivr-menus/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace all of an IVR menu's fields; returns it with its warnings")
    MenuView updateMenu(@PathVariable UUID id, @RequestBody RuleInput.Menu body) {
        var saved = menus.update(actor(), id, body);
        return new MenuView(saved.menu(), saved.warnings());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another IVR menu already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PatchMapping(path = "/ivr-menus/{id}", consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Change some of a menu's fields (JSON Merge Patch, RFC 7396)", description = """
            Fields present are changed, absent ones kept. options merge key by key: {"options": {"3": {"kind": "VOICEMAIL"}}}
            adds or changes key 3 (merged into its target), {"options": {"3": null}} removes it. null empties an optional field
            (the greeting text or file, voice, language, extension_prefix, a target); a null for a field without an empty
            value (name, dial_by_extension, timeout_seconds, max_retries, the prompts) or an unknown field is refused with 400
            naming it. The result is checked and saved as a PUT of it would be (422 with the same errors; nothing changed).""")
    MenuView patchMenu(@PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = JsonMergePatch.MEDIA_TYPE, schema = @Schema(ref = "#/components/schemas/RuleInputMenuPartial")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "#/components/schemas/RuleInputMenuPartial"))}) @RequestBody JsonNode body) {
        var patch = mergePatch.of(body, RuleInput.Menu.class, RuleInput.Menu.NOT_NULLABLE);
        var saved = menus.update(actor(), id, patch::applyTo);
        return new MenuView(saved.menu(), saved.warnings());
    }

    @Operation(summary = "Delete an IVR menu (409 in_use naming the rules that use it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: "
            + "in_use, the detail naming each place that still sends calls to the menu "
            + "(a rule, another menu; change those first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/ivr-menus/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    void deleteMenu(@PathVariable UUID id) {
        menus.delete(actor(), id);
    }

    /**
     * The phone settings with the SMS parts the text-back message is sent as (the carrier bills each part), counted on the
     * message with the company's name and number filled in: {@code text_back_sms_parts} and its encoding,
     * {@code text_back_sms_encoding} (GSM-7: 160 characters in one part, 153 a part beyond; UCS-2, once any character is
     * outside GSM-7, an emoji say: 70, then 67, an emoji counting two).
     */
    record SettingsView(@com.fasterxml.jackson.annotation.JsonUnwrapped PhoneSettings.Settings settings, int textBackSmsParts,
            String textBackSmsEncoding) {
    }

    private SettingsView view(PhoneSettings.Settings s) {
        var parts = settings.textBackParts(s.textBackMessage());
        return new SettingsView(s, parts.parts(), parts.encoding().toString());
    }

    @GetMapping("/phone-settings")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The phone settings, with the SMS parts the text-back message is sent as (text_back_sms_parts, "
            + "text_back_sms_encoding: GSM-7 or UCS-2), its placeholders filled in")
    SettingsView phoneSettings() {
        return view(settings.current());
    }

    @PutMapping("/phone-settings")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Default strategy, recording and voicemail defaults, after-hours target, call rates, text-back; "
            + "answers the settings as saved with the text-back message's SMS parts")
    SettingsView updatePhoneSettings(@RequestBody PhoneSettings.Input body) {
        return view(settings.update(actor(), body));
    }

    record SimulateBody(String from, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String to, java.time.Instant at) {
    }

    @PostMapping("/routing/simulate")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "What would happen to a call from `from` (optional: none is a withheld number) to `to`, one of the company's "
            + "numbers (a business number or a member's direct line; another is refused, 422 naming `to`), at `at` (now by default), with the trace "
            + "and `skipped`: each member not rung, once, with `member_id`, `name`, `reason` (EXTENSION_DISABLED, ON_VACATION, "
            + "DO_NOT_DISTURB, OFFLINE, AWAY, AT_CALL_LIMIT, NOT_IN_DIRECTORY, NO_PHONE), `until` (when the reason ends by itself, "
            + "else null) and `detail` (the reason in the trace's words)")
    dev.switchboard.routing.Decision simulate(@RequestBody SimulateBody body) {
        return snapshots.simulate(body.from(), body.to(), dev.switchboard.platform.InvalidInputException.requireStorable("at", body.at()));
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
