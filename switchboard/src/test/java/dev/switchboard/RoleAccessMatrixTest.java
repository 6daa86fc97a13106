package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.WebClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, for every operation of the REST API and every page and form of the web app: the policy of
 * DESIGN.md's "Who uses it" and the README's roles, written once below ({@link #API_POLICY}, {@link #WEB_POLICY}) and
 * checked against the app. A new API operation (read from {@code /v3/api-docs}) or a new page or form (read from Spring
 * MVC's handler mappings) that is not in the table fails the test, so none is added without saying who may use it.
 *
 * <p>Each operation is sent, with a valid body (so what is tested is the refusal, not the validation), by: the owner, an
 * admin, a supervisor and an agent (these two each linked to a team member of their own), the owner of another company,
 * and nobody. The API takes bearer tokens only (no session), so on the API every one of them is a token issued to that
 * user: each role's column is that role's token. There is no column for "a token" of its own: a token acts with its
 * user's role and team member as they are at each request (DESIGN.md: the API uses bearer tokens, the web sessions;
 * {@code ApiTokens.authenticate}), so a token column would only repeat its user's role's (it used to be an admin's, and
 * said nothing the admin column did not); {@link #aTokenActsWithItsUsersRoleAsItIsNow} checks tokens an agent and a
 * supervisor issued for integrations against the agent's web session and a change of role. The web app takes no token:
 * its "nobody" holds the owner's API token, and is sent to sign in all the same. Allowed means done: on the API every
 * operation is sent with a valid body and parameters ({@link #apiRequests}: fresh values at each send, and for a delete,
 * a transfer or a revoke a target made for that sender: a row of their own, a call in progress, a token of theirs) and
 * must answer 2xx, a write having changed its table, a PUT or PATCH's every field reading back (through the API) as it
 * was sent ({@link ReadBack}: a save that only moved {@code updated_at} is not done), a transfer having begun (to the
 * number sent, a leg dialled); a domain 4xx (a 404 for a message with no audio, a 409 for a call that has ended, a 422
 * for a duplicate name) is a fixture that tests nothing, and fails. On the web, every form is sent filled in
 * ({@link #forms}) and must be done: answered with a page or a redirect, and its change there (the row made, changed or
 * gone), an edit form's fields reading back through the API as they were filled in ({@link Form#readsBack}). An operation or form without a fixture fails the test.
 * Refused is 401 for nobody, 403 for the others (404 where the policy says so: another user's API token is not found
 * to anyone), as an RFC 9457 problem on the API and an error page on the web, sent what an allowed sender could really
 * act on (a transfer, a call in progress, which stays so), and the company's rows (every tenant table, as {@link BadInputFuzz#checksum}) exactly
 * as they were. Another company's user gets 404 for every id of this company in the address (422 or 404 for one in a
 * body: no such member or customer in their company), changes nothing of it, and no answer of theirs names one of its ids.
 *
 * <p>Choices where the design leaves it open (as RingCentral's "User", Dialpad's "Agent" and 3CX's "User" roles have it):
 * <ul>
 * <li>an agent reads the team and its availability (who is free to take a transfer), the business hours and holidays
 * (when the shop is open), customers and jobs, and the queues' waiting callers and numbers; not the configuration:
 * company settings and numbers, users, routing rules, IVR menus, phone settings, schedules, voicemail settings,
 * the "what would happen" simulation;</li>
 * <li>an agent notes and tags the calls they took part in (as RingCentral and Dialpad let them), not another member's;</li>
 * <li>a click-to-call is placed only as oneself (an agent cannot make another member's phone ring);</li>
 * <li>a supervisor sets their own availability, vacation and do-not-disturb (the README's roles table; they take calls
 * too), not another member's: that is the owners' and admins' ({@code (own)} lines are sent with the sender's own member,
 * the agent's for those linked to none). DESIGN.md's supervisor watches and reads; in 3CX, setting others' status is
 * a "receptionist operations" right granted on its own, not a manager's by default, and RingCentral's API changes another
 * extension's presence or do-not-disturb only with an administrator's grant. A supervisor who finds a colleague wrongly
 * "available" asks an admin, or the colleague;</li>
 * <li>another member's call or message is a 403 for an agent, not a 404: it is a call of their own company, whose id
 * tells them nothing they could not learn from a colleague, and "not allowed" is the truthful answer; a 404 is kept for
 * another company's ids, whose existence is none of their business;</li>
 * <li>supervisors read everything but the audit log and the web's Team &amp; logins pages (logins and API tokens are the
 * owners' and admins' to manage; the API's user list stays readable to supervisors, as before), annotate calls, change customers and jobs (not configuration), and
 * transfer any call (a live-monitor action), but delete no voicemail but their own box's: that is the box owner's or an admin's
 * (an {@code (own)} message is the sender's own box's: the agent's for those linked to none);</li>
 * <li>the demo simulator (a pretend caller) is for anyone signed in.</li>
 * </ul>
 */
// Each of its tests sends every operation or form as six senders: some 95 s on a quiet machine, over the 3-minute default
// (junit-platform.properties) on a busy one. A hang still ends the run.
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class RoleAccessMatrixTest extends ApiFixture {

    /** Who is sending the form being filled in: a form whose fields are the sender's own (their password) reads it. */
    Who sending;

    private static final Instant STARTED = Instant.now();

    /**
     * The API's policy: operation (a variant in parentheses: whose member, call or message it is about) -> who may.
     * {@code everyone}: anyone signed in; {@code readers}: owner, admin, supervisor;
     * {@code configurers}: owner, admin; {@code public}: nobody too. Lists of an agent are filtered to their own.
     */
    static final String API_POLICY = """
            POST   /api/v1/signup                                     public
            POST   /api/v1/auth/token                                 public
            GET    /api/v1/auth/tokens                                everyone (their own)
            DELETE /api/v1/auth/tokens/{id} (own)                     everyone
            DELETE /api/v1/auth/tokens/{id} (another's)               none, 404 for everyone (their own tokens only)
            GET    /api/v1/me                                         everyone
            GET    /api/v1/company                                    readers
            PUT    /api/v1/company                                    configurers
            GET    /api/v1/users                                      readers
            GET    /api/v1/users/{id}                                 readers
            POST   /api/v1/users                                      configurers
            PUT    /api/v1/users/{id}                                 configurers
            DELETE /api/v1/users/{id}                                 configurers
            GET    /api/v1/audit-log                                  configurers
            GET    /api/v1/members                                    everyone
            GET    /api/v1/members/{id}                               everyone
            GET    /api/v1/members/eligible                           everyone
            POST   /api/v1/members                                    configurers
            PUT    /api/v1/members/{id}                               configurers
            PATCH  /api/v1/members/{id}                               configurers
            DELETE /api/v1/members/{id}                               configurers
            POST   /api/v1/members/assign-extensions                  configurers
            PUT    /api/v1/members/{id}/status (own)                  everyone
            PUT    /api/v1/members/{id}/status (another's)            readers (a supervisor runs the floor: Away back to Available)
            PUT    /api/v1/members/{id}/vacation (own)                everyone
            PUT    /api/v1/members/{id}/vacation (another's)          configurers
            DELETE /api/v1/members/{id}/vacation (own)                everyone
            DELETE /api/v1/members/{id}/vacation (another's)          configurers
            PUT    /api/v1/members/{id}/do-not-disturb (own)          everyone
            PUT    /api/v1/members/{id}/do-not-disturb (another's)    configurers
            DELETE /api/v1/members/{id}/do-not-disturb (own)          everyone
            DELETE /api/v1/members/{id}/do-not-disturb (another's)    configurers
            GET    /api/v1/members/{id}/voicemail (own)               everyone
            GET    /api/v1/members/{id}/voicemail (another's)         readers
            PUT    /api/v1/members/{id}/voicemail                     configurers
            PATCH  /api/v1/members/{id}/forwarding (own)              everyone
            PATCH  /api/v1/members/{id}/forwarding (another's)        configurers
            PUT    /api/v1/members/{id}/greeting (own)                everyone
            PUT    /api/v1/members/{id}/greeting (another's)          configurers
            POST   /api/v1/members/{id}/greeting/audio (own)          everyone
            POST   /api/v1/members/{id}/greeting/audio (another's)    configurers
            PUT    /api/v1/members/{id}/voicemail/notifications (own)  everyone
            PUT    /api/v1/members/{id}/voicemail/notifications (another's)  configurers
            PUT    /api/v1/members/{id}/voicemail-pin (own)           everyone
            PUT    /api/v1/members/{id}/voicemail-pin (another's)     configurers
            DELETE /api/v1/members/{id}/voicemail-pin (own)           everyone
            DELETE /api/v1/members/{id}/voicemail-pin (another's)     configurers
            GET    /api/v1/customers                                  everyone
            GET    /api/v1/customers/lookup                           everyone
            GET    /api/v1/customers/{id}                             everyone
            POST   /api/v1/customers                                  readers
            PUT    /api/v1/customers/{id}                             readers
            DELETE /api/v1/customers/{id}                             readers
            POST   /api/v1/customers/import                           readers
            GET    /api/v1/jobs                                       everyone
            GET    /api/v1/jobs/{id}                                  everyone
            POST   /api/v1/jobs                                       readers
            PUT    /api/v1/jobs/{id}                                  readers
            DELETE /api/v1/jobs/{id}                                  readers
            GET    /api/v1/business-hours                             everyone
            PUT    /api/v1/business-hours                             configurers
            GET    /api/v1/business-hours/preview                     everyone
            GET    /api/v1/business-hours/open                        everyone
            GET    /api/v1/business-hours/overrides                   everyone
            POST   /api/v1/business-hours/overrides                   configurers
            DELETE /api/v1/business-hours/overrides/{id}              configurers
            GET    /api/v1/schedules                                  readers
            GET    /api/v1/schedules/{id}                             readers
            POST   /api/v1/schedules                                  configurers
            PUT    /api/v1/schedules/{id}                             configurers
            DELETE /api/v1/schedules/{id}                             configurers
            GET    /api/v1/holidays                                   everyone
            GET    /api/v1/holidays/{id}                              everyone
            GET    /api/v1/holidays/{id}/occurrences                  everyone
            GET    /api/v1/holidays/countries                         everyone
            POST   /api/v1/holidays/preview                           everyone
            POST   /api/v1/holidays                                   configurers
            PUT    /api/v1/holidays/{id}                              configurers
            DELETE /api/v1/holidays/{id}                              configurers
            POST   /api/v1/holidays/import                            configurers
            GET    /api/v1/routing-rules                              readers
            GET    /api/v1/routing-rules/{id}                         readers
            POST   /api/v1/routing-rules                              configurers
            PUT    /api/v1/routing-rules/{id}                         configurers
            PATCH  /api/v1/routing-rules/{id}                         configurers
            DELETE /api/v1/routing-rules/{id}                         configurers
            POST   /api/v1/routing-rules/{id}/move                    configurers
            PUT    /api/v1/routing-rules/order                        configurers
            GET    /api/v1/ivr-menus                                  readers
            GET    /api/v1/ivr-menus/{id}                             readers
            POST   /api/v1/ivr-menus                                  configurers
            PUT    /api/v1/ivr-menus/{id}                             configurers
            PATCH  /api/v1/ivr-menus/{id}                             configurers
            DELETE /api/v1/ivr-menus/{id}                             configurers
            GET    /api/v1/phone-settings                             readers
            PUT    /api/v1/phone-settings                             configurers
            POST   /api/v1/routing/simulate                           readers
            GET    /api/v1/queues                                     everyone
            GET    /api/v1/queues/{id}                                everyone
            GET    /api/v1/queues/{id}/callers                        everyone
            DELETE /api/v1/queues/{id}/callbacks/{id}                 readers
            GET    /api/v1/queues/{id}/entries/{id}/history           everyone
            GET    /api/v1/queues/{id}/stats                          everyone
            POST   /api/v1/queues                                     configurers
            PUT    /api/v1/queues/{id}                                configurers
            PATCH  /api/v1/queues/{id}                                configurers
            DELETE /api/v1/queues/{id}                                configurers
            GET    /api/v1/voicemail/settings                         readers
            PUT    /api/v1/voicemail/settings                         configurers
            GET    /api/v1/voicemail/messages                         everyone (an agent: their box and the general one)
            GET    /api/v1/voicemail/messages/{id} (own)              everyone
            GET    /api/v1/voicemail/messages/{id} (another's)        readers
            GET    /api/v1/voicemail/messages/{id}/audio (own)        everyone
            GET    /api/v1/voicemail/messages/{id}/audio (another's)  readers
            PATCH  /api/v1/voicemail/messages/{id} (own)              everyone
            PATCH  /api/v1/voicemail/messages/{id} (another's)        configurers
            DELETE /api/v1/voicemail/messages/{id} (own)              everyone
            DELETE /api/v1/voicemail/messages/{id} (another's)        configurers
            POST   /api/v1/voicemail/messages/{id}/restore (own)      everyone
            POST   /api/v1/voicemail/messages/{id}/restore (another's)  configurers
            POST   /api/v1/voicemail/messages/{id}/permanent-delete (own)  everyone
            POST   /api/v1/voicemail/messages/{id}/permanent-delete (another's)  configurers
            POST   /api/v1/voicemail/messages/{id}/move (own)         everyone
            POST   /api/v1/voicemail/messages/{id}/move (another's)   configurers
            POST   /api/v1/calls (as themselves)                      everyone
            POST   /api/v1/calls (as another)                         configurers
            POST   /api/v1/calls/{id}/transfer (own)                  everyone
            POST   /api/v1/calls/{id}/transfer (another's)            readers
            GET    /api/v1/call-logs                                  everyone (an agent: their own calls)
            GET    /api/v1/call-logs/members                          everyone
            GET    /api/v1/analytics                                  readers (as the Analytics tab: each member's figures are a team's, not an agent's)
            GET    /api/v1/call-logs/{id} (own)                       everyone
            GET    /api/v1/call-logs/{id} (another's)                 readers
            GET    /api/v1/call-logs/{id}/recording (own)             everyone
            GET    /api/v1/call-logs/{id}/recording (another's)       readers
            PATCH  /api/v1/call-logs/{id} (own)                       everyone
            PATCH  /api/v1/call-logs/{id} (another's)                 readers
            PATCH  /api/v1/call-logs/{id} (customer and job)          readers (as customers and jobs are changed: not an agent, even on their own call)
            GET    /api/v1/text-opt-outs                              readers
            POST   /api/v1/simulator/calls                            everyone
            GET    /api/v1/simulator/calls/{id}                       everyone
            POST   /api/v1/simulator/calls/{id}/digits                everyone
            POST   /api/v1/simulator/calls/{id}/hangup                everyone
            POST   /api/v1/simulator/texts                            everyone
            GET    /api/v1/simulator/phones                           everyone
            GET    /api/v1/simulator/phones/{id}                      everyone
            PUT    /api/v1/simulator/phones/{id} (own)                everyone
            PUT    /api/v1/simulator/phones/{id} (another's)          readers (as a colleague's status is set)
            POST   /api/v1/media                                      configurers
            GET    /api/v1/media/{id}                                 readers
            GET    /api/v1/media                                      readers
            DELETE /api/v1/media/{id}                                 configurers
            """;

    /**
     * A web form as a browser fills it in for one sender: the {@code {id}} it acts on for them (null: the fixture's, as
     * {@link #webPath} gives it; else made for each send, so that a delete, a toggle or a revoke has something of its own to
     * do), its fields (fresh values at each send, so that the second sender's save is a change too), a CSV file for an
     * upload form, and the table its change shows in. Allowed, it must answer 2xx or a redirect (not to sign in) and have
     * changed that table; a form whose table is null writes no row (a preview, the pretend caller's keys) and is checked on
     * its answer only.
     */
    record Form(java.util.function.Function<Who, String> target, Supplier<List<String>> fields, String file, String table,
            FormReadBack readBack) {

        static Form of(String table, Supplier<List<String>> fields) {
            return new Form(null, fields, null, table, null);
        }

        Form on(java.util.function.Function<Who, String> target) {
            return new Form(target, fields, file, table, readBack);
        }

        /**
         * An edit form's fields read back through the API once it is done: {@code api} makes the GET's address from the
         * sender and the form's address, {@code view} the part of its answer to look in, and each of {@code fields} is a
         * form field, read at the JSON pointer of its name in snake case, or at the one given after {@code =}.
         */
        Form readsBack(java.util.function.BiFunction<Who, String, String> api, java.util.function.UnaryOperator<JsonNode> view,
                String... fields) {
            var pointers = new LinkedHashMap<String, String>();
            for (var field : fields) {
                var named = field.split("=", 2);
                pointers.put(named[0], named.length == 2 ? named[1]
                        : "/" + named[0].replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
            }
            return new Form(target, this.fields, file, table, new FormReadBack(api, view, pointers));
        }

        Form readsBack(java.util.function.BiFunction<Who, String, String> api, String... fields) {
            return readsBack(api, ReadBack.SAME.view(), fields);
        }
    }

    /** Where an edit form's fields are read back (see {@link Form#readsBack}). */
    record FormReadBack(java.util.function.BiFunction<Who, String, String> api, java.util.function.UnaryOperator<JsonNode> view,
            Map<String, String> pointers) {

        /** The first field read back otherwise than it was filled in, or null: a list is each of the field's values in order. */
        String differs(List<String> sent, JsonNode answer) {
            var read = view.apply(answer);
            for (var e : pointers.entrySet()) {
                var values = new ArrayList<String>();
                for (int i = 0; i + 1 < sent.size(); i += 2) {
                    if (sent.get(i).equals(e.getKey())) {
                        values.add(sent.get(i + 1));
                    }
                }
                var node = read.at(e.getValue());
                List<String> found;
                if (node.isArray()) {
                    found = new ArrayList<>();
                    node.forEach(v -> found.add(v.asString()));
                } else {
                    found = node.isMissingNode() ? List.of("(none)") : List.of(node.isNull() ? "" : node.asString());
                }
                var expected = values.stream().map(v -> v.equals("on") ? "true" : v).toList();
                boolean same = node.isArray() ? expected.equals(found)
                        : expected.size() == 1 && sameInstantOrValue(expected.getFirst(), found.getFirst());
                if (!same) {
                    return e.getKey() + ": filled in " + expected + ", reads " + found + " at " + e.getValue();
                }
            }
            return null;
        }

        private static boolean sameInstantOrValue(String sent, String read) {
            return RoleAccessMatrixTest.differs(BadInputFuzz.NODES.stringNode(sent), BadInputFuzz.NODES.stringNode(read), "") == null;
        }
    }

    /** The API address {@code api} with its {@code {id}} the first id in the form's address: where its fields are read back. */
    static java.util.function.BiFunction<Who, String, String> at(String api) {
        return (who, target) -> {
            var id = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(target);
            return id.find() ? api.replace("{id}", id.group()) : api;
        };
    }

    /** A member's availability as the forms fill it in: do-not-disturb's end as a local time in the company's zone. */
    static JsonNode availabilityAsFilledIn(JsonNode member) {
        var a = member.get("availability");
        var out = BadInputFuzz.NODES.objectNode();
        out.put("status", a.path("status").asString(null)).put("reason", a.path("status_reason").asString(null));
        out.put("start_date", a.at("/vacation/start_date").asString(null)).put("end_date", a.at("/vacation/end_date").asString(null));
        var until = a.path("do_not_disturb_until").asString(null);
        out.put("until", until == null ? null
                : java.time.LocalDateTime.ofInstant(Instant.parse(until), java.time.ZoneId.of("America/Chicago")).toString());
        return out;
    }

    /** Business hours as the hours forms fill them in: {@code MONDAY.start} and {@code MONDAY.end} (its first range). */
    static JsonNode hoursAsFilledIn(JsonNode hours) {
        var out = BadInputFuzz.NODES.objectNode();
        out.put("timezone", hours.path("timezone").asString(null));
        for (var range : hours.path("ranges")) {
            var day = range.get("day").asString();
            if (!out.has(day + ".start")) {
                out.put(day + ".start", range.get("start").asString()).put(day + ".end", range.get("end").asString());
            }
        }
        return out;
    }

    /**
     * Every web form (POST) filled in as its page fills it, keyed as the web policy names it (a variant's own line first,
     * else the form's). The own voicemail message is the sender's own box's (the agent's for those linked to none).
     */
    Map<String, Form> forms(Map<Who, String> emails) {
        var f = new LinkedHashMap<String, Form>();
        var ph = "/settings/communications/phone";
        var chicago = java.time.ZoneId.of("America/Chicago");
        f.put("POST /me/status", Form.of("team_availability", () -> List.of("status", n() % 2 == 0 ? "AWAY" : "OFFLINE", "reason", "lunch " + n()))
                .readsBack((who, t) -> "/api/v1/members/" + ownMember(who), RoleAccessMatrixTest::availabilityAsFilledIn, "status", "reason"));
        f.put("POST /team/{id}/status", Form.of("team_availability", () -> List.of("status", n() % 2 == 0 ? "AWAY" : "OFFLINE",
                "reason", "sent home " + n())).readsBack((who, t) -> "/api/v1/members/" + memberB, RoleAccessMatrixTest::availabilityAsFilledIn,
                "status", "reason"));
        f.put("POST /me/dnd", Form.of("team_availability", () -> List.of("until",
                java.time.LocalDateTime.now(chicago).plusHours(1).plusMinutes(n()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString()))
                .readsBack((who, t) -> "/api/v1/members/" + ownMember(who), RoleAccessMatrixTest::availabilityAsFilledIn, "until"));
        // The sender's own password, set to itself (a new hash all the same): their session and the fixture's logins go on.
        f.put("POST /me/password", Form.of("users", () -> List.of("currentPassword", password(sending), "password", password(sending),
                "confirmPassword", password(sending))));
        f.put("POST /me/vacation", Form.of("team_availability", () -> {
            var start = java.time.LocalDate.of(2027, 1, 1).plusDays(n());
            return List.of("startDate", start.toString(), "endDate", start.plusDays(4).toString());
        }).readsBack((who, t) -> "/api/v1/members/" + ownMember(who), RoleAccessMatrixTest::availabilityAsFilledIn, "startDate", "endDate"));
        // Their own forwarding number, ringing nothing (both switches off), and greeting, as the My status forms send them.
        f.put("POST /me/forwarding", Form.of("team_members", () -> List.of("callForwardingNumber",
                "+1773555" + String.format("%04d", 4000 + n()))).readsBack((who, t) -> "/api/v1/members/" + ownMember(who),
                "callForwardingNumber"));
        // A PIN of their own (a new hash each time: a change), and its removal once one is set.
        f.put("POST /me/voicemail-pin", Form.of("team_members", () -> {
            var pin = "5" + String.format("%04d", n() % 10_000) + "9" /* never a pattern refused as guessable */;
            return List.of("voicemailPin", pin, "confirmPin", pin);
        }));
        f.put("POST /me/voicemail-pin/remove", Form.of("team_members", List::of).on(who -> {
            withPin(ownMember(who));
            return "/me/voicemail-pin/remove";
        }));
        f.put("POST /me/voicemail-notifications", Form.of("voicemail_boxes", () -> List.of("emailEnabled", "true", "emailAddresses",
                "me" + n() + "@matrix.example")).readsBack((who, t) -> "/api/v1/members/" + ownMember(who) + "/voicemail",
                a -> a.get("settings"), "emailEnabled"));
        f.put("POST /me/greeting", Form.of("voicemail_boxes", () -> List.of("greetingType", "TEXT_TO_SPEECH", "greetingText",
                "Leave me a message " + n())).readsBack((who, t) -> "/api/v1/members/" + ownMember(who) + "/voicemail",
                a -> a.get("settings"), "greetingType", "greetingText"));
        for (var action : List.of("heard", "played", "delete")) {
            var fields = action.equals("heard") ? List.of("heard", "true") : List.<String>of();
            var form = Form.of("voicemail_messages", () -> fields);
            if (action.equals("heard")) {
                form = form.readsBack(at("/api/v1/voicemail/messages/{id}"), "heard");
            }
            f.put("POST /voicemail/{id}/" + action + " (own)", form.on(who -> freshMessage(ownMember(who))));
            f.put("POST /voicemail/{id}/" + action + " (another's)", form.on(who -> freshMessage(memberB)));
        }
        // A message of their own box (or Bob's) handed to the general mailbox, where it shows as new.
        var move = Form.of("voicemail_messages", () -> List.of("to", "general"));
        f.put("POST /voicemail/{id}/move (own)", move.on(who -> freshMessage(ownMember(who))));
        f.put("POST /voicemail/{id}/move (another's)", move.on(who -> freshMessage(memberB)));
        // Only a deleted message is restored or deleted forever: each allowed sender gets one of their own.
        for (var action : List.of("restore", "delete-forever")) {
            var form = Form.of("voicemail_messages", List::<String>of);
            f.put("POST /voicemail/{id}/" + action + " (own)", form.on(who -> freshDeletedMessage(ownMember(who))));
            f.put("POST /voicemail/{id}/" + action + " (another's)", form.on(who -> freshDeletedMessage(memberB)));
        }
        f.put("POST /calls/{id}/notes", Form.of("calls", () -> List.of("notes", "Called back " + n(), "tags", "vip"))
                .readsBack(at("/api/v1/call-logs/{id}"), a -> a.get("call"), "notes", "tags"));
        // A customer of its own each time (a change for every sender), with no job.
        f.put("POST /calls/{id}/customer", Form.of("calls", () -> List.of("customerId", freshCustomer(), "jobId", ""))
                .readsBack(at("/api/v1/call-logs/{id}"), a -> a.get("call"), "customerId", "jobId"));
        // A call in progress each, between a caller and the agent (own: the sender's, the agent's for those with no member)
        // or Bob (another's), transferred to a number: an agent refused Bob's call leaves it as it was.
        var transfer = Form.of("calls", () -> List.of("to", "number", "number", "+1773555" + String.format("%04d", 7000 + n())));
        f.put("POST /calls/{id}/transfer (own)", transfer.on(who -> liveCall(ownMember(who))));
        f.put("POST /calls/{id}/transfer (another's)", transfer.on(who -> liveCall(memberB)));
        // From the sender's own phone, as click-to-call (they have one, and are free to take it), each to a number of its own.
        f.put("POST /calls/call-back", Form.of("calls", () -> {
            phones();
            available(agentMember);
            available(supervisorMember);
            return List.of("number", "+1773555" + (3000 + n()), "back", "/calls");
        }));
        f.put("POST /customers/new", Form.of("customers", () -> List.of("name", "Dora " + n(), "phoneNumbers",
                "(773) 555-" + (2000 + n()))));
        f.put("POST /customers/{id}", Form.of("customers", () -> List.of("name", "Carla " + n(), "phoneNumbers", "+17735550123"))
                .readsBack(at("/api/v1/customers/{id}"), "name", "phoneNumbers"));
        f.put("POST /customers/{id}/delete", Form.of("customers", List::of).on(who -> freshCustomer()));
        f.put("POST /customers/import", new Form(null, List::of, "name,phone\nDora,+1773555", "customers", null));
        f.put("POST /customers/{id}/jobs/new", Form.of("jobs", () -> List.of("title", "Tune-up " + n(), "status", "OPEN")));
        f.put("POST /jobs/{id}", Form.of("jobs", () -> List.of("title", "Boiler " + n(), "status", "SCHEDULED"))
                .readsBack(at("/api/v1/jobs/{id}"), "title", "status"));
        f.put("POST /jobs/{id}/delete", Form.of("jobs", List::of).on(who -> fresh(created(owner.post("/api/v1/jobs",
                Map.of("customer_id", customer, "title", "Spare", "status", "OPEN")), null))));
        Supplier<List<String>> queueFields = () -> List.of("name", "Line " + n(), "strategy", "ROUND_ROBIN", "memberIds", agentMember,
                "ringTimeoutSeconds", "20", "wrapUpSeconds", "10", "announcePosition", "true", "announceIntervalSeconds", "60",
                "maxWaitSeconds", "300", "maxWaitKind", "VOICEMAIL", "maxCallers", "20", "maxMissedOffers", "3", "callbackKey", "1",
                "vipTag", "vip", "vipPriority", "10", "rejoinWindowSeconds", "120", "shortAbandonSeconds", "5", "serviceLevelSeconds", "20");
        f.put("POST /queues", Form.of("call_queues", queueFields));
        f.put("POST /queues/new", Form.of("call_queues", queueFields));
        f.put("POST /queues/{id}", Form.of("call_queues", queueFields).readsBack(at("/api/v1/queues/{id}"), "name", "strategy",
                "memberIds", "ringTimeoutSeconds", "wrapUpSeconds", "announcePosition", "announceIntervalSeconds", "maxWaitSeconds",
                "maxWaitKind=/max_wait_target/kind", "maxCallers", "maxMissedOffers", "callbackKey", "vipTag", "vipPriority",
                "rejoinWindowSeconds", "shortAbandonSeconds", "serviceLevelSeconds"));
        f.put("POST /queues/callbacks/{id}/cancel", Form.of("queue_entries", List::of).on(who -> fresh(freshCallback())));
        f.put("POST /queues/{id}/delete", Form.of("call_queues", List::of).on(who -> fresh(created(owner.post("/api/v1/queues",
                Map.of("name", "Spare " + n(), "member_ids", List.of(agentMember))), null))));
        f.put("POST /test-call", Form.of(null, () -> List.of("from", "+1773555" + (3000 + n()), "to", ownNumber())));
        // A pretend caller's call in progress that nothing changes in the background (see answeredTestCall), as a refusal leaves it.
        f.put("POST /test-call/{id}/digits", Form.of(null, () -> List.of("digits", "1")).on(who -> answeredTestCall()));
        f.put("POST /test-call/{id}/hangup", Form.of(null, List::of).on(who -> answeredTestCall()));
        var demoPhone = Form.of(null, () -> List.of("answers", "ANSWER", "afterSeconds", "0"));
        f.put("POST /test-call/phones/{id} (own)", demoPhone.on(who -> phoneOfTheirOwn(ownMember(who))));
        f.put("POST /test-call/phones/{id} (another's)", demoPhone.on(who -> phoneOfTheirOwn(memberB)));
        f.put("POST /settings/team/new", Form.of("users", () -> List.of("displayName", "New " + n(), "email",
                "new-" + UUID.randomUUID() + "@test.example", "role", "AGENT", "memberId", "", "password", "their-password")));
        f.put("POST /settings/team/{id}", Form.of("users", () -> List.of("displayName", "Una " + n(), "email", "", "role", "AGENT",
                "memberId", "")).readsBack(at("/api/v1/users/{id}"), "displayName", "role", "memberId"));
        f.put("POST /settings/team/{id}/password", Form.of("users", () -> List.of("password", "new-password-" + n())));
        f.put("POST /settings/team/{id}/delete", Form.of("users", List::of).on(who -> fresh(created(owner.post("/api/v1/users",
                Map.of("email", "gone-" + UUID.randomUUID() + "@test.example", "password", "their-password", "role", "AGENT")), null))));
        f.put("POST /settings/team/tokens", Form.of("api_tokens", () -> List.of("name", "Script " + n())));
        // Each signed-in sender revokes a token of their own (a supervisor and an agent are refused the page all the same);
        // another user's token, the login's, is "not found" to the owners and admins, as on the API.
        f.put("POST /settings/team/tokens/{id}/revoke (own)", Form.of("api_tokens", List::of).on(who -> emails.containsKey(who)
                ? fresh(ownToken(emails.get(who), password(who))) : spareToken));
        f.put("POST /settings/team/tokens/{id}/revoke (another's)", Form.of("api_tokens", List::of).on(who -> spareToken));
        // The numbers field empty, as before: removing every number is now asked for by its box (GeneralTab).
        f.put("POST " + ph + "/general", Form.of("phone_settings", () -> List.of("businessNumbers", "", "removeAllNumbers", "true",
                "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL",
                "defaultRingSeconds", String.valueOf(10 + n() % 100))).readsBack(at("/api/v1/phone-settings"), "defaultStrategy",
                "voicemailEnabled", "inboundRate=/inbound_rate_cents_per_minute", "outboundRate=/outbound_rate_cents_per_minute",
                "billingIncrement=/billing_increment_seconds", "ahKind=/after_hours_target/kind", "defaultRingSeconds"));
        f.put("POST " + ph + "/general/text-back-parts", Form.of(null, () -> List.of("textBackMessage", "Sorry we missed you")));
        Supplier<List<String>> menuFields = () -> List.of("name", "Menu " + n(), "greetingText", "Press 1.", "k1Kind", "VOICEMAIL",
                "timeoutSeconds", "5", "maxRetries", "2");
        f.put("POST " + ph + "/call-flows", Form.of("ivr_menus", menuFields));
        f.put("POST " + ph + "/call-flows/new", Form.of("ivr_menus", menuFields));
        f.put("POST " + ph + "/call-flows/{id}", Form.of("ivr_menus", menuFields).readsBack(at("/api/v1/ivr-menus/{id}"), "name",
                "greetingText", "k1Kind=/options/1/kind", "timeoutSeconds", "maxRetries"));
        f.put("POST " + ph + "/call-flows/{id}/delete", Form.of("ivr_menus", List::of).on(who -> fresh(created(owner.post("/api/v1/ivr-menus",
                Map.of("name", "Spare " + n(), "greeting_text", "Press 1.", "options", Map.of("1", Map.of("kind", "VOICEMAIL")))), "menu"))));
        Supplier<List<String>> ruleFields = () -> List.of("name", "Rule " + n(), "type", "ROUND_ROBIN", "enabled", "true",
                "memberIds", agentMember, "memberIds", memberB, "ringTimeoutSeconds", "20");
        f.put("POST " + ph + "/routing", Form.of("call_routing_rules", ruleFields));
        f.put("POST " + ph + "/routing/{id}", Form.of("call_routing_rules", ruleFields).readsBack(at("/api/v1/routing-rules/{id}"),
                "name", "type", "enabled", "memberIds", "ringTimeoutSeconds"));
        // Trying the routing (a form sent with GET, as it changes nothing): filled in by webPath, it must be tried, not refused.
        f.put("GET " + ph + "/routing/try", Form.of(null, List::of));
        f.put("POST " + ph + "/audio/{id}/delete", Form.of("media_files", List::of).on(who -> freshMedia()));
        f.put("POST " + ph + "/routing/{id}/delete", Form.of("call_routing_rules", List::of).on(who -> freshRule()));
        f.put("POST " + ph + "/routing/{id}/enabled", Form.of("call_routing_rules", () -> List.of("enabled", "false"))
                .readsBack(at("/api/v1/routing-rules/{id}"), "enabled").on(who -> freshRule()));
        // The newest rule is last: up moves it.
        f.put("POST " + ph + "/routing/{id}/move", Form.of("call_routing_rules", () -> List.of("direction", "up")).on(who -> freshRule()));
        f.put("POST " + ph + "/hours", Form.of("schedule_ranges", () -> List.of("timezone", "America/Chicago", "MONDAY.open", "on",
                "MONDAY.start", "08:00", "MONDAY.end", String.format("%02d:%02d", 12 + n() % 10, 0)))
                .readsBack(at("/api/v1/business-hours"), RoleAccessMatrixTest::hoursAsFilledIn, "timezone", "MONDAY.start=/MONDAY.start",
                        "MONDAY.end=/MONDAY.end"));
        f.put("POST " + ph + "/hours/overrides", Form.of("schedule_overrides", () -> List.of("kind", "CLOSED_UNTIL", "until",
                java.time.LocalDateTime.now(chicago).plusHours(3).plusMinutes(n()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString(),
                "reason", "Meeting " + n())));
        f.put("POST " + ph + "/hours/overrides/{id}/cancel", Form.of("schedule_overrides", List::of).on(who -> fresh(created(
                owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL", "until",
                        Instant.now().plusSeconds(7_200).toString(), "reason", "Spare")), null))));
        Supplier<List<String>> holidayFields = () -> List.of("name", "Day " + n(), "date", "2027-03-" + String.format("%02d", 1 + n() % 28),
                "recurrence", "YEARLY", "greetingText", "Closed today.", "enabled", "true");
        f.put("POST " + ph + "/holidays/preview", Form.of(null, holidayFields));
        f.put("POST " + ph + "/holidays", Form.of("company_holidays", holidayFields));
        f.put("POST " + ph + "/holidays/new", Form.of("company_holidays", holidayFields));
        f.put("POST " + ph + "/holidays/{id}", Form.of("company_holidays", holidayFields).readsBack(at("/api/v1/holidays/{id}"), "name",
                "date", "recurrence", "greetingText", "enabled"));
        f.put("POST " + ph + "/holidays/{id}/enabled", Form.of("company_holidays", () -> List.of("enabled", "false"))
                .readsBack(at("/api/v1/holidays/{id}"), "enabled").on(who -> freshHoliday()));
        f.put("POST " + ph + "/holidays/{id}/delete", Form.of("company_holidays", List::of).on(who -> freshHoliday()));
        f.put("POST " + ph + "/holidays/import", Form.of("company_holidays", () -> List.of("country", "US", "year", String.valueOf(java.time.Year.now().getValue() + imports.getAndIncrement() % 6))));
        f.put("POST " + ph + "/extensions/new", Form.of("team_members", () -> List.of("name", "Eve " + n(), "phoneExtension",
                String.valueOf(400 + n()), "ringTimeoutSeconds", "20", "extensionEnabled", "true", "maxConcurrentCalls", "1")));
        f.put("POST " + ph + "/extensions/{id}", Form.of("team_members", () -> List.of("name", "Bob " + n(), "phoneExtension", "202",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true", "callForwardingEnabled", "true",
                "callForwardingNumber", "+13125550177", "maxConcurrentCalls", "1")).readsBack(at("/api/v1/members/{id}"), "name",
                "phoneExtension", "ringTimeoutSeconds", "extensionEnabled", "callForwardingEnabled", "callForwardingNumber",
                "maxConcurrentCalls"));
        f.put("POST " + ph + "/extensions/{id}/delete", Form.of("team_members", List::of).on(who -> fresh(created(
                owner.post("/api/v1/members", Map.of("name", "Spare " + n())), null))));
        f.put("POST " + ph + "/extensions/{id}/vacation", Form.of("team_availability", () -> {
            var start = java.time.LocalDate.of(2027, 6, 1).plusDays(n());
            return List.of("startDate", start.toString(), "endDate", start.plusDays(2).toString());
        }).readsBack(at("/api/v1/members/{id}"), RoleAccessMatrixTest::availabilityAsFilledIn, "startDate", "endDate"));
        f.put("POST " + ph + "/extensions/{id}/dnd", Form.of("team_availability", () -> List.of("until",
                java.time.LocalDateTime.now(chicago).plusHours(2).plusMinutes(n()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString()))
                .readsBack(at("/api/v1/members/{id}"), RoleAccessMatrixTest::availabilityAsFilledIn, "until"));
        // Someone without an extension for the assigning to give one to.
        Supplier<List<String>> assign = () -> {
            owner.post("/api/v1/members", Map.of("name", "Nox " + n()));
            return List.of("start", "101");
        };
        f.put("POST " + ph + "/extensions/assign", Form.of("team_members", assign));
        f.put("POST " + ph + "/voicemail", Form.of("voicemail_boxes", () -> List.of("greetingType", "TEXT_TO_SPEECH",
                "greetingText", "You reached us " + n(), "emailEnabled", "false", "transcriptionEnabled", "true", "retention", "forever",
                "maxMessageSeconds", "180")).readsBack(at("/api/v1/voicemail/settings"), a -> a.get("settings"), "greetingType",
                "greetingText", "emailEnabled", "transcriptionEnabled", "maxMessageSeconds"));
        f.put("POST /setup/phone", Form.of("companies", () -> List.of("businessNumber", "+1312555" + (4000 + n()), "timezone",
                "America/Chicago")).readsBack(at("/api/v1/company"), "businessNumber=/business_numbers/0", "timezone"));
        f.put("POST /setup/hours", Form.of("schedule_ranges", () -> List.of("MONDAY.open", "on", "MONDAY.start", "09:00", "MONDAY.end",
                String.format("%02d:00", 13 + n() % 10))).readsBack(at("/api/v1/business-hours"), RoleAccessMatrixTest::hoursAsFilledIn,
                "MONDAY.start=/MONDAY.start", "MONDAY.end=/MONDAY.end"));
        f.put("POST /setup/extensions", Form.of("team_members", () -> List.of("name", "Wiz " + n(), "extension", "", "phone", "")));
        f.put("POST /setup/extensions/{id}/remove", Form.of("team_members", List::of).on(who -> fresh(created(
                owner.post("/api/v1/members", Map.of("name", "Typo " + n())), null))));
        // "This is me": the sender's own login linked to a member of no login (a fresh one each time).
        f.put("POST /setup/extensions/{id}/me", Form.of("users", List::of).on(who -> fresh(created(
                owner.post("/api/v1/members", Map.of("name", "Me " + n())), null))));
        f.put("POST /setup/extensions/assign", Form.of("team_members", () -> {
            owner.post("/api/v1/members", Map.of("name", "Nox " + n()));
            return List.of();
        }));
        f.put("POST /setup/rule", Form.of("call_routing_rules", () -> List.of("name", "Main line " + n(), "type", "ROUND_ROBIN",
                "memberIds", agentMember)));
        // Setup done again: put back as not done first, so that finishing (or skipping) it is a change.
        Supplier<List<String>> unfinished = () -> {
            TenantContext.runAs(CompanyId.of(companyId.toString()), () -> tx.executeWithoutResult(t ->
                    jdbc.sql("update companies set setup_completed = false where id = :c").param("c", companyId).update()));
            return List.of();
        };
        f.put("POST /setup/finish", Form.of("companies", unfinished));
        f.put("POST /setup/skip", Form.of("companies", unfinished));
        return f;
    }

    /** The web app's policy, as the API's (no token: the pages take sessions only). */
    static final String WEB_POLICY = """
            GET    /                                                  everyone
            GET    /calls                                             everyone (an agent: their own calls)
            GET    /calls/export.csv                                  everyone (an agent: their own calls)
            GET    /calls/export.xlsx                                 everyone (an agent: their own calls)
            GET    /calls/{id} (own)                                  everyone
            POST   /calls/call-back                                   everyone (from their own phone: a login with no team member is told it has none)
            GET    /calls/{id} (another's)                            readers
            GET    /calls/{id}/live (own)                             everyone (the page's changing part, asked for again until the call ends)
            GET    /calls/{id}/live (another's)                       readers
            GET    /calls/{id}/recording (own)                        everyone (the player's source and Download link)
            GET    /calls/{id}/recording (another's)                  readers
            POST   /calls/{id}/notes (own)                            everyone
            POST   /calls/{id}/notes (another's)                      readers
            POST   /calls/{id}/customer (own)                         readers (as customers and jobs are changed: not an agent, even on their own call)
            POST   /calls/{id}/customer (another's)                   readers
            POST   /calls/{id}/transfer (own)                         everyone (a call they are on; one over is said so on its page)
            POST   /calls/{id}/transfer (another's)                   readers
            GET    /me                                                everyone
            POST   /me/status                                         everyone
            POST   /team/{id}/status                                  readers (a colleague's, from Team status)
            POST   /me/dnd                                            everyone
            POST   /me/vacation                                       everyone
            POST   /me/password                                       everyone
            POST   /me/forwarding                                     everyone
            POST   /me/greeting                                       everyone
            POST   /me/voicemail-notifications                        everyone
            POST   /me/voicemail-pin                                  everyone
            POST   /me/voicemail-pin/remove                           everyone
            GET    /voicemail                                         everyone (an agent: their box and the general one)
            GET    /voicemail/{id}/audio (own)                        everyone (the players' source and Download link)
            GET    /voicemail/{id}/audio (another's)                  readers
            POST   /voicemail/{id}/heard (own)                        everyone
            POST   /voicemail/{id}/heard (another's)                  configurers
            POST   /voicemail/{id}/played (own)                       everyone
            POST   /voicemail/{id}/played (another's)                 configurers
            POST   /voicemail/{id}/delete (own)                       everyone
            POST   /voicemail/{id}/delete (another's)                 configurers
            GET    /voicemail/deleted                                 everyone (an agent: their box's and the general one's)
            POST   /voicemail/{id}/restore (own)                      everyone
            POST   /voicemail/{id}/restore (another's)                configurers
            POST   /voicemail/{id}/delete-forever (own)               everyone
            POST   /voicemail/{id}/delete-forever (another's)         configurers
            POST   /voicemail/{id}/move (own)                         everyone
            POST   /voicemail/{id}/move (another's)                   configurers
            GET    /customers                                         everyone
            GET    /customers/{id}                                    everyone
            GET    /customers/export.csv                              readers
            GET    /customers/export.xlsx                             readers
            GET    /customers/new                                     readers
            POST   /customers/new                                     readers
            GET    /customers/{id}/edit                               readers
            POST   /customers/{id}                                    readers
            POST   /customers/{id}/delete                             readers
            GET    /customers/import                                  readers
            POST   /customers/import                                  readers
            GET    /customers/{id}/jobs/new                           readers
            POST   /customers/{id}/jobs/new                           readers
            GET    /jobs/{id}                                         everyone
            POST   /jobs/{id}                                         readers
            POST   /jobs/{id}/delete                                  readers
            GET    /queues                                            everyone
            GET    /queues/new                                        configurers
            GET    /queues/{id}                                       configurers
            POST   /queues                                            configurers
            POST   /queues/new                                        configurers
            POST   /queues/{id}                                       configurers
            POST   /queues/{id}/delete                                configurers
            POST   /queues/callbacks/{id}/cancel                      readers (as DELETE /api/v1/queues/{id}/callbacks/{id})
            GET    /test-call                                         everyone
            POST   /test-call                                         everyone
            GET    /test-call/{id}                                    everyone
            POST   /test-call/{id}/digits                             everyone
            POST   /test-call/{id}/hangup                             everyone
            POST   /test-call/phones/{id} (own)                       everyone
            POST   /test-call/phones/{id} (another's)                 readers (as the API: an agent sets their own)
            GET    /settings/communications/phone/extensions/new      configurers
            GET    /settings/communications/phone/extensions/{id}/delete  configurers
            GET    /settings/communications/phone/extensions/{id}/edit  configurers
            GET    /settings/communications/phone/extensions/{id}/vacation  configurers (anyone's; a member sets their own on My status)
            GET    /settings/team                                     configurers
            GET    /settings/team/new                                 configurers
            POST   /settings/team/new                                 configurers
            GET    /settings/team/{id}                                configurers
            POST   /settings/team/{id}                                configurers
            POST   /settings/team/{id}/password                       configurers
            POST   /settings/team/{id}/delete                         configurers
            GET    /settings/team/tokens                              configurers (their own)
            POST   /settings/team/tokens                              configurers (their own)
            POST   /settings/team/tokens/{id}/revoke (own)            configurers
            POST   /settings/team/tokens/{id}/revoke (another's)      none, 404 for configurers (their own tokens only)
            GET    /settings/activity                                 configurers
            GET    /settings/communications/phone/routing/try         readers (as POST /api/v1/routing/simulate)
            GET    /settings/**                                       readers
            POST   /settings/**                                       configurers
            GET    /setup/**                                          configurers
            POST   /setup/**                                          configurers
            """;

    /** "METHOD path (variant)   who (comment)". */
    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("(\\S+)\\s+(\\S+(?: \\([^)]*\\))?)\\s{2,}(.+)");

    static Map<String, Set<Who>> parse(String table) {
        var policy = new LinkedHashMap<String, Set<Who>>();
        for (var line : table.strip().split("\n")) {
            var m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalStateException("not a policy line: " + line);
            }
            var key = m.group(1) + " " + m.group(2);
            var who = m.group(3).replaceAll("\\(.*", "").replaceAll(",.*", "").strip();
            var set = switch (who) {
                case "none" -> EnumSet.noneOf(Who.class);
                case "public" -> EnumSet.allOf(Who.class);
                case "everyone" -> EnumSet.of(Who.OWNER, Who.ADMIN, Who.SUPERVISOR, Who.AGENT);
                case "readers" -> EnumSet.of(Who.OWNER, Who.ADMIN, Who.SUPERVISOR);
                case "configurers" -> EnumSet.of(Who.OWNER, Who.ADMIN);
                default -> {
                    var s = EnumSet.noneOf(Who.class);
                    for (var w : who.split(" ")) {
                        s.add(Who.valueOf(w.toUpperCase()));
                    }
                    yield s;
                }
            };
            if (policy.put(key, set) != null) {
                throw new IllegalStateException("twice in the policy: " + key);
            }
        }
        return policy;
    }

    /**
     * Of a policy's lines, those refused with a 404 rather than a 403 (", 404 for <who>" after who may): another user's
     * token is "not found" to everyone, as if it were not there, so that nobody learns which tokens exist.
     */
    static Map<String, Set<Who>> notFound(String table) {
        var found = new LinkedHashMap<String, Set<Who>>();
        for (var line : table.strip().split("\n")) {
            var m = LINE.matcher(line.strip());
            if (m.matches() && m.group(3).contains(", 404 for ")) {
                var who = m.group(3).replaceAll(".*, 404 for ", "").replaceAll("\\(.*", "").strip();
                found.put(m.group(1) + " " + m.group(2), parse("X /x  " + who).get("X /x"));
            }
        }
        return found;
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static String base(String key) {
        return key.replaceAll(" \\(.*\\)$", "");
    }

    @Test
    void everyApiOperationAllowsExactlyWhomThePolicySays() {
        fixture();
        var policy = parse(API_POLICY);
        var notFound = notFound(API_POLICY);
        var requests = apiRequests();
        var documented = new TreeSet<String>();
        policy.keySet().forEach(k -> documented.add(base(k)));
        assertThat(documented).as("operations in the policy table").containsAll(operationsInOpenApi());
        assertThat(requests.keySet()).as("a request for each line of the policy").containsExactlyInAnyOrderElementsOf(policy.keySet());
        assertThat(requests.values().stream().filter(q -> !q.method().equals("GET") && q.table() == null).map(Req::key))
                .as("writes that do not say which table they change (or NO_ROW)").isEmpty();

        var failures = new ArrayList<String>();
        // First every refusal, while everything the requests refer to is there; then the allowed requests (which delete some).
        for (var e : policy.entrySet()) {
            var req = requests.get(e.getKey());
            for (var who : Who.values()) {
                if (e.getValue().contains(who) && who != Who.OTHER_COMPANY) {
                    continue;
                }
                if (who == Who.OTHER_COMPANY && e.getValue().contains(Who.NOBODY)) {
                    continue; // open to anyone (signing up, signing in with this company's user's password)
                }
                var sent = prepare(who, req, false);
                var before = fuzz.checksum(companyId);
                var a = send(who, sent);
                var after = fuzz.checksum(companyId);
                String problem = null;
                if (who == Who.OTHER_COMPANY) {
                    var all = sent.path() + (sent.body() == null ? "" : sent.body());
                    boolean ours = companyIds.stream().anyMatch(sent.path()::contains);
                    boolean named = companyIds.stream().anyMatch(all::contains);
                    if (ours && a.status() != 404) {
                        problem = "an id of another company in the path is not 404";
                    } else if (!ours && named && a.status() != 404 && a.status() != 422) {
                        problem = "an id of another company in the body is neither 404 nor 422 (no such id in this company)";
                    } else if (!named && (a.status() == 401 || a.status() == 403 || a.status() >= 500)) {
                        problem = "refused in their own company";
                    } else if (companyIds.stream().anyMatch(id -> a.body().contains(id) && !all.contains(id))) {
                        problem = "the answer names an id of another company";
                    }
                } else {
                    var expected = who == Who.NOBODY ? 401 : notFound.getOrDefault(e.getKey(), Set.of()).contains(who) ? 404 : 403;
                    if (a.status() != expected) {
                        problem = "not refused with " + expected;
                    } else if (a.json() == null || a.json().path("status").asInt() != expected
                            || !a.headers().getOrDefault("content-type", List.of("")).getFirst().startsWith("application/problem+json")) {
                        problem = "not an RFC 9457 problem document";
                    }
                }
                if (problem == null && !after.equals(before)) {
                    problem = "changed " + BadInputFuzz.changed(before, after);
                }
                if (problem == null && e.getKey().contains("/transfer") && !inProgress(transferred(sent.path()))) {
                    problem = "the call refused a transfer is no longer in progress";
                }
                if (problem != null) {
                    failures.add(who + " " + e.getKey() + " " + sent.path() + ": " + problem + " -> " + a.status() + " " + abbreviate(a.body()));
                }
            }
        }
        // Allowed: done (2xx), and a write's change made; each sender with fresh values and, for what takes a row away
        // or needs a live call, one of its own.
        for (var e : policy.entrySet()) {
            var req = requests.get(e.getKey());
            for (var who : e.getValue()) {
                if (who == Who.OTHER_COMPANY) {
                    continue;
                }
                var sent = prepare(who, req, true);
                var before = fuzz.checksum(companyId);
                var a = send(who, sent);
                var after = fuzz.checksum(companyId);
                String problem = null;
                if (a.status() < 200 || a.status() >= 300) {
                    problem = "allowed, but answered " + a.status();
                } else if (req.table() != null && !req.table().equals(NO_ROW)
                        && !List.of(BadInputFuzz.changed(before, after).split(", ")).contains(req.table())) {
                    problem = "allowed and answered " + a.status() + ", but " + req.table() + " unchanged (changed: "
                            + BadInputFuzz.changed(before, after) + ")";
                } else if (e.getKey().contains("/transfer")) {
                    problem = transferBegan(who, sent);
                } else if ((req.method().equals("PUT") || req.method().equals("PATCH")) && sent.body() != null) {
                    var readBack = req.readBack() == null ? ReadBack.SAME : req.readBack();
                    var read = owner.get(readBack.path().apply(sent.path()));
                    var differs = read.status() != 200 ? "read back: " + read.status() + " " + abbreviate(read.body())
                            : differs(BadInputFuzz.JSON.readTree(sent.body()), readBack.view().apply(read.json()), "");
                    if (differs != null) {
                        problem = "allowed and answered " + a.status() + ", but not done: " + differs;
                    }
                }
                if (problem != null) {
                    failures.add(who + " " + e.getKey() + " " + sent.path() + ": " + problem + " -> " + abbreviate(a.body()));
                }
            }
        }
        failures.forEach(f -> System.out.println("RoleAccessMatrixTest " + f));
        assertThat(failures).as(failures.size() + " cases disagree with the policy (see the RoleAccessMatrixTest lines)").isEmpty();
    }

    @Test
    void anAgentsListsHoldTheirOwnCallsAndMessagesOnly() {
        fixture();
        var calls = agent.get("/api/v1/call-logs");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body()).contains(callOwn.toString()).doesNotContain(callOther.toString());
        assertThat(supervisor.get("/api/v1/call-logs").body()).contains(callOwn.toString(), callOther.toString());
        var messages = agent.get("/api/v1/voicemail/messages");
        assertThat(messages.status()).isEqualTo(200);
        assertThat(messages.body()).contains(messageOwn.toString(), messageGeneral.toString()).doesNotContain(messageOther.toString());
        assertThat(supervisor.get("/api/v1/voicemail/messages").body())
                .contains(messageOwn.toString(), messageGeneral.toString(), messageOther.toString());
    }

    /** A token named {@code name} issued to {@code user} (a CRM's, say), as its own client. */
    ApiClient tokenOf(ApiClient user, String name) {
        var issued = api().post("/api/v1/auth/token", Map.of("email", user.email(), "password", "their-password", "name", name));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return api().withToken(issued.json().get("token").asString());
    }

    @Test
    void aTokenActsWithItsUsersRoleAsItIsNow() {
        fixture();
        // An agent's token sees what the agent's session sees: their calls and messages (and the general box's), no others.
        var crm = tokenOf(agent, "Agent's CRM");
        var calls = crm.get("/api/v1/call-logs");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body()).contains(callOwn.toString()).doesNotContain(callOther.toString());
        var session = webLogin(agent.email(), "their-password");
        assertThat(session.get("/calls").body()).contains(callOwn.toString()).doesNotContain(callOther.toString());
        assertThat(crm.get("/api/v1/voicemail/messages").body()).contains(messageOwn.toString(), messageGeneral.toString())
                .doesNotContain(messageOther.toString());
        assertThat(crm.get("/api/v1/call-logs/" + callOther).status()).isEqualTo(403);
        assertThat(crm.get("/api/v1/voicemail/messages/" + messageOther).status()).isEqualTo(403);
        // ...and is refused configuration, to read as to change, with nothing changed.
        var before = fuzz.checksum(companyId);
        for (var path : List.of("/api/v1/company", "/api/v1/routing-rules", "/api/v1/phone-settings", "/api/v1/users")) {
            assertThat(crm.get(path).status()).as(path).isEqualTo(403);
        }
        assertThat(crm.put("/api/v1/phone-settings", Map.of("default_ring_seconds", 20)).status()).isEqualTo(403);
        assertThat(crm.post("/api/v1/customers", Map.of("name", "Carl", "phone_numbers", List.of("+17735550199"))).status())
                .isEqualTo(403);
        assertThat(session.get("/settings/communications/phone/general").status()).isEqualTo(403);
        assertThat(fuzz.checksum(companyId)).isEqualTo(before);

        // A supervisor's token reads everything but the audit log and changes no configuration.
        var dashboard = tokenOf(supervisor, "Wallboard");
        before = fuzz.checksum(companyId);
        for (var path : List.of("/api/v1/company", "/api/v1/routing-rules", "/api/v1/phone-settings", "/api/v1/users",
                "/api/v1/voicemail/settings", "/api/v1/voicemail/messages/" + messageOther, "/api/v1/call-logs/" + callOther)) {
            assertThat(dashboard.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(dashboard.get("/api/v1/call-logs").body()).contains(callOwn.toString(), callOther.toString());
        assertThat(dashboard.get("/api/v1/audit-log").status()).isEqualTo(403);
        assertThat(dashboard.put("/api/v1/phone-settings", Map.of("default_ring_seconds", 20)).status()).isEqualTo(403);
        assertThat(dashboard.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00",
                "end", "12:00")))).status()).isEqualTo(403);
        assertThat(dashboard.post("/api/v1/members", Map.of("name", "Dee")).status()).isEqualTo(403);
        assertThat(dashboard.delete("/api/v1/voicemail/messages/" + messageOther).status()).isEqualTo(403);
        assertThat(fuzz.checksum(companyId)).isEqualTo(before);

        // The role is the user's as it is now, not as it was when the token was issued: promoted, the agent's token reads
        // configuration and every call at once; disabled, it signs in no more.
        var agentUser = agent.get("/api/v1/me").json().get("user_id").asString();
        assertThat(owner.put("/api/v1/users/" + agentUser, Map.of("role", "SUPERVISOR")).status()).isEqualTo(200);
        assertThat(crm.get("/api/v1/company").status()).isEqualTo(200);
        assertThat(crm.get("/api/v1/call-logs").body()).contains(callOther.toString());
        assertThat(owner.put("/api/v1/users/" + agentUser, Map.of("role", "AGENT")).status()).isEqualTo(200);
        assertThat(crm.get("/api/v1/company").status()).isEqualTo(403);
        assertThat(owner.put("/api/v1/users/" + agentUser, Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(crm.get("/api/v1/me").status()).isEqualTo(401);
    }

    /** A member's availability as the API shows it. */
    tools.jackson.databind.JsonNode availability(String member) {
        return owner.get("/api/v1/members/" + member).json().get("availability");
    }

    @Test
    void aSupervisorSetsTheirOwnAvailabilityAndAColleaguesStatusButNotTheRestOfTheirs() {
        fixture();
        var own = "/api/v1/members/" + supervisorMember;
        assertThat(supervisor.put(own + "/status", Map.of("status", "AWAY", "reason", "lunch")).status()).isEqualTo(200);
        assertThat(supervisor.put(own + "/vacation", Map.of("start_date", "2027-01-04", "end_date", "2027-01-08")).status())
                .isEqualTo(200);
        var dnd = Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(supervisor.put(own + "/do-not-disturb", Map.of("until", dnd.toString())).status()).isEqualTo(200);
        var mine = availability(supervisorMember);
        assertThat(mine.get("status").asString()).isEqualTo("AWAY");
        assertThat(mine.get("vacation").get("start_date").asString()).isEqualTo("2027-01-04");
        assertThat(Instant.parse(mine.get("do_not_disturb_until").asString())).isEqualTo(dnd);
        assertThat(supervisor.delete(own + "/do-not-disturb").status()).isEqualTo(200);
        assertThat(supervisor.delete(own + "/vacation").status()).isEqualTo(200);
        assertThat(availability(supervisorMember).get("vacation").isNull()).isTrue();

        // Another member's status, yes (an agent the queue set Away put back to Available); the rest of theirs: 403, unchanged.
        var others = "/api/v1/members/" + agentMember;
        var colleague = supervisor.put(others + "/status", Map.of("status", "OFFLINE", "reason", "went home"));
        assertThat(colleague.status()).as(colleague.body()).isEqualTo(200);
        assertThat(availability(agentMember).get("status").asString()).isEqualTo("OFFLINE");
        var before = fuzz.checksum(companyId);
        assertThat(supervisor.put(others + "/vacation", Map.of("start_date", "2027-01-04", "end_date", "2027-01-08")).status())
                .isEqualTo(403);
        assertThat(supervisor.put(others + "/do-not-disturb", Map.of("until", dnd.toString())).status()).isEqualTo(403);
        assertThat(supervisor.delete(others + "/vacation").status()).isEqualTo(403);
        assertThat(supervisor.delete(others + "/do-not-disturb").status()).isEqualTo(403);
        assertThat(fuzz.checksum(companyId)).isEqualTo(before);

        // The web: My status sets their own; the extensions settings (anyone's) are the owners' and admins'.
        var browser = webLogin(supervisor.email(), "their-password");
        assertThat(browser.get("/me").body()).contains("Save status");
        var saved = browser.post("/me/status", "status", "OFFLINE", "reason", "gone home");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/me");
        assertThat(availability(supervisorMember).get("status").asString()).isEqualTo("OFFLINE");
        assertThat(browser.post("/me/vacation", "startDate", "2027-02-01", "endDate", "2027-02-05").status()).isEqualTo(302);
        assertThat(availability(supervisorMember).get("vacation").get("end_date").asString()).isEqualTo("2027-02-05");
        var until = java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago")).plusHours(2)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        assertThat(browser.post("/me/dnd", "until", until).status()).isEqualTo(302);
        assertThat(availability(supervisorMember).get("do_not_disturb_until").isNull()).isFalse();
        before = fuzz.checksum(companyId);
        var extensions = "/settings/communications/phone/extensions/" + agentMember;
        assertThat(browser.post(extensions + "/vacation", "startDate", "2027-02-01", "endDate", "2027-02-05").status()).isEqualTo(403);
        assertThat(browser.post(extensions + "/dnd", "clear", "true").status()).isEqualTo(403);
        assertThat(fuzz.checksum(companyId)).isEqualTo(before);

        // Team status: the supervisor puts the agent back to Available (their status only; the settings' forms stay 403).
        assertThat(browser.get("/settings/communications/phone/extensions").body()).contains("action=\"/team/" + agentMember + "/status\"");
        var back = browser.post("/team/" + agentMember + "/status", "status", "AVAILABLE");
        assertThat(back.status()).isEqualTo(302);
        assertThat(browser.get("/settings/communications/phone/extensions").body()).contains(" is now Available.");
        assertThat(availability(agentMember).get("status").asString()).isEqualTo("AVAILABLE");
        var typo = browser.post("/team/" + agentMember + "/status", "status", "GONE");
        assertThat(typo.status()).isEqualTo(302);
        assertThat(browser.get("/settings/communications/phone/extensions").body()).contains("was not changed: choose Available, Away or Offline.");
    }

    // --- the web app ---

    /** Every page and form of the web app (Spring MVC's handler mappings), as "METHOD /path/{id}". */
    Set<String> webRoutes() {
        var routes = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (var pattern : info.getPatternValues()) {
                // The API, the sign-in and sign-up pages (anyone's), signed media links (checked by their signature),
                // the error page (what the others show) and the OpenAPI document with its browser (public, as the API's shape is).
                if (pattern.startsWith("/api/") || pattern.startsWith("/v3/api-docs") || pattern.startsWith("/swagger-ui") || pattern.equals("/login") || pattern.equals("/signup") || pattern.startsWith("/media/")
                        || pattern.equals("/error")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                for (var m : methods.isEmpty() ? List.of(org.springframework.web.bind.annotation.RequestMethod.GET) : methods) {
                    routes.add(m.name() + " " + pattern.replaceAll("\\{[^}]+}", "{id}"));
                }
            }
        });
        return routes;
    }

    /** The policy line a route falls under. */
    static String webPolicyKey(Map<String, Set<Who>> policy, String route) {
        if (policy.containsKey(route)) {
            return route;
        }
        var method = route.substring(0, route.indexOf(' '));
        var path = route.substring(route.indexOf(' ') + 1);
        for (var area : List.of("/settings", "/setup")) {
            if (path.equals(area) || path.startsWith(area + "/")) {
                return method + " " + area + "/**";
            }
        }
        return null;
    }

    /** The route's {id} as this fixture has it: another member's call and message (the own variants add theirs). */
    String webPath(String route, boolean own) {
        var path = route.substring(route.indexOf(' ') + 1).replace(" (own)", "").replace(" (another's)", "");
        if (path.endsWith("/routing/try")) {
            // The form filled in: a customer's call to the company's number on Christmas morning.
            return path + "?from=%2B17735550123&to=" + java.net.URLEncoder.encode(ownNumber(), java.nio.charset.StandardCharsets.UTF_8)
                    + "&date=2027-12-25&time=10:00";
        }
        String id;
        if (path.startsWith("/calls/")) {
            id = (own ? callOwn : callOther).toString();
        } else if (path.startsWith("/voicemail/")) {
            id = (own ? messageOwn : messageOther).toString();
        } else if (path.startsWith("/customers/")) {
            id = customer;
        } else if (path.startsWith("/jobs/")) {
            id = job;
        } else if (path.startsWith("/queues/")) {
            id = queue;
        } else if (path.startsWith("/test-call/phones/")) {
            id = memberB;
        } else if (path.startsWith("/test-call/")) {
            id = "v3:none";
        } else if (path.startsWith("/settings/team/tokens/")) {
            id = spareToken;
        } else if (path.startsWith("/settings/team/")) {
            id = victimUser;
        } else if (path.contains("/extensions/") || path.startsWith("/team/")) {
            id = memberB;
        } else if (path.contains("/routing/")) {
            id = rule;
        } else if (path.contains("/call-flows/")) {
            id = menu;
        } else if (path.contains("/holidays/")) {
            id = holiday;
        } else if (path.contains("/overrides/")) {
            id = override;
        } else {
            id = UUID.randomUUID().toString();
        }
        return path.replace("{id}", id);
    }

    WebClient web(Who who, Map<Who, String> emails) {
        return switch (who) {
            case OWNER -> webLogin(emails.get(who), "correct-horse");
            case NOBODY -> {
                // With the owner's API token: a token signs no browser in.
                var w = WebClient.anonymous(port).withBearer(owner.token());
                w.get("/login");
                yield w;
            }
            case OTHER_COMPANY -> newCompanyOwner("Other Web Co");
            default -> webLogin(emails.get(who), "their-password");
        };
    }

    @Test
    void everyPageAndFormAllowsExactlyWhomThePolicySays() {
        fixture();
        var policy = parse(WEB_POLICY);
        var notFound = notFound(WEB_POLICY);
        var routes = webRoutes();
        var unlisted = routes.stream().filter(r -> webPolicyKey(policy, r) == null
                && !policy.containsKey(r + " (own)")).toList();
        assertThat(unlisted).as("pages and forms not in the web policy table").isEmpty();
        var emails = Map.of(Who.OWNER, owner.email(), Who.ADMIN, admin.email(), Who.SUPERVISOR, supervisor.email(), Who.AGENT, agent.email());
        var browsers = new LinkedHashMap<Who, WebClient>();
        for (var who : Who.values()) {
            browsers.put(who, web(who, emails));
        }
        // Each route, with the variants of those whose {id} is someone's.
        var cases = new LinkedHashMap<String, Set<Who>>();
        // The forms that delete last, so that the allowed ones do not take away what the others act on.
        var ordered = routes.stream().sorted(java.util.Comparator.comparing((String r) -> r.endsWith("/delete"))).toList();
        for (var route : ordered) {
            if (policy.containsKey(route + " (own)")) {
                cases.put(route + " (own)", policy.get(route + " (own)"));
                cases.put(route + " (another's)", policy.get(route + " (another's)"));
            } else {
                cases.put(route, policy.get(webPolicyKey(policy, route)));
            }
        }
        var forms = forms(emails);
        assertThat(forms.keySet().stream().map(RoleAccessMatrixTest::base))
                .as("a filled-in form for each form of the web app").containsAll(routes.stream().filter(r -> r.startsWith("POST ")).toList());
        var failures = new ArrayList<String>();
        for (var pass : List.of("refused", "allowed")) {
            for (var c : cases.entrySet()) {
                var route = c.getKey();
                var method = route.substring(0, route.indexOf(' '));
                var path = webPath(route, route.endsWith("(own)"));
                for (var b : browsers.entrySet()) {
                    var who = b.getKey();
                    boolean allowed = c.getValue().contains(who);
                    if (pass.equals("refused") == allowed && who != Who.OTHER_COMPANY || pass.equals("allowed") && who == Who.OTHER_COMPANY) {
                        continue;
                    }
                    var browser = b.getValue();
                    var form = forms.containsKey(route) ? forms.get(route) : forms.get(base(route));
                    var target = form == null || form.target() == null ? path
                            : route.substring(route.indexOf(' ') + 1).replaceAll(" \\(.*\\)$", "").replace("{id}", form.target().apply(who));
                    sending = who;
                    var fields = form == null ? new String[0] : form.fields().get().toArray(String[]::new);
                    browser.get("/me"); // a fresh CSRF token
                    var before = fuzz.checksum(companyId);
                    var page = method.equals("GET") ? browser.get(target)
                            : form != null && form.file() != null
                                    ? browser.postFile(target, "file", "customers.csv", "text/csv",
                                            (form.file() + (5000 + n()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), fields)
                                    : browser.post(target, fields);
                    var after = fuzz.checksum(companyId);
                    String problem = null;
                    if (who == Who.OTHER_COMPANY) {
                        boolean ours = companyIds.stream().anyMatch(target::contains);
                        if (ours && page.status() != 404) {
                            problem = "an id of another company is not 404";
                        } else if (companyIds.stream().anyMatch(id -> page.body().contains(id) && !target.contains(id)
                                && !List.of(fields).contains(id))) {
                            problem = "the page names an id of another company";
                        }
                    } else if (!allowed) {
                        if (who == Who.NOBODY) {
                            if (page.status() != 302 || !page.location().endsWith("/login")) {
                                problem = "not sent to sign in";
                            }
                        } else {
                            var expected = notFound.getOrDefault(route, Set.of()).contains(who) ? 404 : 403;
                            if (page.status() != expected || !page.contentType().contains("html")) {
                                problem = "not a " + expected + " page";
                            }
                        }
                    } else if (page.status() == 401 || page.status() == 403 || page.status() >= 500
                            || page.status() == 302 && page.location().endsWith("/login")) {
                        problem = "allowed, but answered " + page.status();
                    } else if (form != null && route.startsWith("POST /me/") && !route.equals("POST /me/password")
                            && (who == Who.OWNER || who == Who.ADMIN)) {
                        // No team member, so no status of their own to set: the form says so (a password they have).
                        if (page.status() != 404) {
                            problem = "My status without a team member is not 404";
                        }
                    } else if (form != null && route.equals("POST /calls/call-back") && (who == Who.OWNER || who == Who.ADMIN)) {
                        // No team member, so no phone of their own to call from: sent back with the reason, nothing placed.
                        if (page.status() != 302 || !page.location().endsWith("/calls") || !after.equals(before)) {
                            problem = "a call back with no team member of theirs is not sent back unplaced";
                        }
                    } else if (form != null && page.status() >= 400) {
                        problem = "allowed with its fields filled in, but not done: " + page.status() + " " + abbreviate(errors(page.body()));
                    } else if (form != null && form.table() != null
                            && !List.of(BadInputFuzz.changed(before, after).split(", ")).contains(form.table())) {
                        problem = "allowed and answered " + page.status() + ", but " + form.table() + " unchanged (changed: "
                                + BadInputFuzz.changed(before, after) + ") " + abbreviate(errors(page.body()));
                    } else if (form != null && form.readBack() != null) {
                        var read = owner.get(form.readBack().api().apply(who, target));
                        var differs = read.status() != 200 ? "read back: " + read.status() + " " + abbreviate(read.body())
                                : form.readBack().differs(List.of(fields), read.json());
                        if (differs != null) {
                            problem = "allowed and answered " + page.status() + ", but not done: " + differs;
                        }
                    }
                    if (problem == null && !allowed && !after.equals(before)) {
                        problem = "changed " + BadInputFuzz.changed(before, after);
                    }
                    if (problem != null) {
                        failures.add(who + " " + route + " " + target + ": " + problem + " -> " + page.status() + " " + page.location());
                    }
                }
            }
        }
        failures.forEach(f -> System.out.println("RoleAccessMatrixTest web " + f));
        assertThat(failures).as(failures.size() + " cases disagree with the web policy (see the RoleAccessMatrixTest web lines)").isEmpty();
    }

    @Test
    void anAgentSeesOnlyTheirOwnCallsOnTheCallPages() {
        fixture();
        var browser = webLogin(agent.email(), "their-password");
        var list = browser.get("/calls");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(callOwn.toString()).doesNotContain(callOther.toString());
        var csv = browser.get("/calls/export.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains(callOwn.toString()).doesNotContain(callOther.toString());
        assertThat(browser.get("/calls/" + callOther).status()).isEqualTo(403);
        // A colleague's link passed on: still their own calls, and no Export or paging link carries the colleague as a filter.
        var colleagues = browser.get("/calls?member=" + memberB);
        assertThat(colleagues.status()).isEqualTo(200);
        assertThat(colleagues.body()).contains(callOwn.toString()).doesNotContain(callOther.toString()).doesNotContain("member=" + memberB);
        assertThat(browser.get("/settings/communications/phone/general").status()).isEqualTo(403);
        assertThat(browser.get("/setup").status()).isEqualTo(403);
    }

    /** The field errors a page shows (what a refused form says), else the page. */
    private static String errors(String body) {
        var m = java.util.regex.Pattern.compile("(?s)class=\"[^\"]*error[^\"]*\"[^>]*>([^<]{1,200})").matcher(body);
        var found = new ArrayList<String>();
        while (m.find()) {
            found.add(m.group(1).strip());
        }
        return found.isEmpty() ? body : String.join("; ", found);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Leaves no failed logins from this machine's address behind for the tests after this one. */
    @AfterAll
    static void forgetFailedLogins(@Autowired JdbcClient jdbc) {
        jdbc.sql("delete from login_failures where at >= :t").param("t", java.sql.Timestamp.from(STARTED)).update();
    }
}
