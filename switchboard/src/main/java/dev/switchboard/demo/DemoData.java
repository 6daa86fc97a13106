package dev.switchboard.demo;

import dev.switchboard.directory.CustomerInput;
import dev.switchboard.directory.Customers;
import dev.switchboard.directory.JobInput;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.MemberInput;
import dev.switchboard.directory.Members;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.Signup;
import dev.switchboard.tenancy.Users;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With the demo on (the default when no Telnyx API key is configured), an empty database gets the
 * demo company: Demo Plumbing in America/Chicago, a business number, eight members on extensions
 * 101 to 108 with direct numbers, the owner login, a few customers (one VIP) and jobs.
 *
 * <p>It is created before the web server starts taking requests (a lifecycle phase just before the
 * server's), so nothing, {@code /actuator/health} included, answers before the demo login works: a
 * script that waits for health UP can log in at once.
 */
@Component
class DemoData implements SmartLifecycle {

    static final String OWNER_EMAIL = "owner@demo.test";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final JdbcClient jdbc;
    private final Signup signup;
    private final Companies companies;
    private final Members members;
    private final Customers customers;
    private final Jobs jobs;
    private final Users users;
    private final dev.switchboard.schedule.Schedules schedules;
    private final dev.switchboard.schedule.Holidays holidays;
    private final dev.switchboard.routing.RoutingRules rules;
    private final dev.switchboard.queue.Queues queues;
    private final dev.switchboard.voicemail.Mailboxes mailboxes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final org.springframework.security.crypto.password.PasswordEncoder encoder;
    private final boolean enabled;
    private final String password;
    private final int port;
    private volatile boolean running;

    DemoData(JdbcClient jdbc, Signup signup, Companies companies, Members members, Customers customers, Jobs jobs,
            Users users, dev.switchboard.schedule.Schedules schedules, dev.switchboard.schedule.Holidays holidays,
            dev.switchboard.routing.RoutingRules rules, dev.switchboard.queue.Queues queues, dev.switchboard.voicemail.Mailboxes mailboxes,
            TransactionTemplate tx, Clock clock,
            org.springframework.security.crypto.password.PasswordEncoder encoder,
            @Value("${switchboard.demo.enabled:}") String demoEnabled,
            @Value("${telnyx.api-key:}") String telnyxApiKey,
            @Value("${switchboard.demo.password:demo}") String password,
            @Value("${server.port:8080}") int port) {
        this.jdbc = jdbc;
        this.signup = signup;
        this.companies = companies;
        this.members = members;
        this.customers = customers;
        this.jobs = jobs;
        this.users = users;
        this.schedules = schedules;
        this.holidays = holidays;
        this.rules = rules;
        this.queues = queues;
        this.mailboxes = mailboxes;
        this.tx = tx;
        this.clock = clock;
        this.encoder = encoder;
        this.enabled = demoEnabled.isBlank() ? telnyxApiKey.isBlank() : Boolean.parseBoolean(demoEnabled);
        this.password = password;
        this.port = port;
    }

    @Override
    public void start() {
        if (enabled && jdbc.sql("select company_count()").query(Long.class).single() == 0) {
            seed();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the web server's phase: started before it, so seeded before the first request. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady(ApplicationReadyEvent event) {
        var actualPort = event.getApplicationContext().getEnvironment().getProperty("local.server.port", String.valueOf(port));
        var banner = new StringBuilder("\n\n  Switchboard is ready: http://localhost:").append(actualPort).append('\n');
        if (enabled) {
            banner.append("  Demo login: ").append(OWNER_EMAIL).append(" / ").append(password.equals("demo") ? "demo" : "(SWITCHBOARD_DEMO_PASSWORD)")
                    .append("\n  The carrier is simulated (no Telnyx API key configured).\n");
        }
        log.info(banner.toString());
    }

    /** Creates the demo company. Public for tests that want one. */
    void seed() {
        var result = signup.signUp(new Signup.Request("Demo Plumbing", "America/Chicago", OWNER_EMAIL,
                password.length() >= 8 ? password : password + "-".repeat(8 - password.length()), "Demo Owner"));
        TenantContext.runAs(result.companyId(), () -> tx.executeWithoutResult(s -> {
            var owner = new Actor(result.companyId(), result.ownerId(), OWNER_EMAIL, dev.switchboard.tenancy.Role.OWNER, null);
            if (password.length() < 8) {
                // The sign-up form asks for 8 characters; the demo keeps the short, documented password.
                jdbc.sql("update users set password_hash = :h where id = :id")
                        .param("h", encoderHash(password)).param("id", result.ownerId()).update();
            }
            var company = companies.current();
            companies.update(owner, new Companies.Settings(company.name(), company.timezone().getId(), "US",
                    List.of("+13125550100")));
            companies.setSetupCompleted(owner, true);
            String[][] team = {
                    {"Maria Lopez", "Dispatcher", "101"}, {"James Carter", "Lead Plumber", "102"},
                    {"Aisha Khan", "Plumber", "103"}, {"Tom Becker", "Plumber", "104"},
                    {"Lena Novak", "Apprentice", "105"}, {"Diego Ramos", "Drain Specialist", "106"},
                    {"Grace Kim", "Office Manager", "107"}, {"Sam Okafor", "On-call Technician", "108"}};
            var ids = new java.util.ArrayList<java.util.UUID>();
            for (var t : team) {
                var first = t[0].split(" ")[0].toLowerCase();
                var m = members.create(owner, new MemberInput(t[0], first + "@demo.test", t[1], t[2],
                        "+1312555" + String.format("%04d", 100 + Integer.parseInt(t[2])), true, "4821", false,
                        false, null, false, false, 20, null, "sip:" + first + "@demo-plumbing.sip.telnyx.com", 1));
                ids.add(m.id());
            }
            members.update(owner, ids.get(1), new MemberInput("James Carter", "james@demo.test", "Lead Plumber", "102",
                    "+13125550202", true, null, false, true, "+13125550302", true, false, 25, null,
                    "sip:james@demo-plumbing.sip.telnyx.com", 2));
            users.create(owner, new Users.UserInput("maria@demo.test", password.length() >= 8 ? password : "demo-agent",
                    "Maria Lopez", "SUPERVISOR", ids.get(0), true));
            users.create(owner, new Users.UserInput("aisha@demo.test", password.length() >= 8 ? password : "demo-agent",
                    "Aisha Khan", "AGENT", ids.get(2), true));
            var vip = customers.create(owner, new CustomerInput("Northside Dental", "office@northsidedental.test", "CRM-1001",
                    List.of("+13125550150"), List.of("VIP"), "Priority contract: 2-hour response."));
            var home = customers.create(owner, new CustomerInput("Robert Chen", "robert.chen@example.test", "CRM-1002",
                    List.of("+13125550151", "+17735550151"), List.of("residential"), null));
            var cafe = customers.create(owner, new CustomerInput("Lakeview Cafe", null, "CRM-1003",
                    List.of("+13125550152"), List.of("commercial"), null));
            jobs.create(owner, new JobInput(vip.id(), "Replace water heater", "SCHEDULED", ids.get(1),
                    clock.instant().plus(Duration.ofDays(1))));
            // Assigned to the on-call technician, whom the Office rule rings first when Robert Chen calls.
            jobs.create(owner, new JobInput(home.id(), "Leaking kitchen faucet", "OPEN", ids.get(7), null));
            jobs.create(owner, new JobInput(cafe.id(), "Grease trap cleaning", "IN_PROGRESS", ids.get(5), null));
            rules.create(owner, new dev.switchboard.routing.RuleInput.Rule("VIP customers", "CONDITIONAL", true, 20, true, false,
                    List.of(), null, null, new dev.switchboard.routing.RuleInput.ConditionsInput(null, null, "VIP", null, List.of(), null, null),
                    new dev.switchboard.routing.RuleInput.TargetInput("MEMBER", ids.get(1), null, null, null), null, null, null));
            rules.create(owner, new dev.switchboard.routing.RuleInput.Rule("Office", "SIMULTANEOUS", true, 20, true, false,
                    List.of(ids.get(0), ids.get(6)), null, null, null, null, null, null, null, true));
            // A queue to look at and route to (not used by the rules above, so demo calls still ring people directly).
            queues.create(owner, new dev.switchboard.queue.QueueInput("Service desk", "LONGEST_IDLE", List.of(ids.get(2), ids.get(3),
                    ids.get(4)), 20, 30, null, true, 45, 300, new dev.switchboard.routing.RuleInput.TargetInput("VOICEMAIL", null, null,
                    null, null), 10, null, true, false, null, 3, true, "1", "vip", 10, 120, 5, 20));
            var hours = new java.util.ArrayList<dev.switchboard.schedule.Schedules.RangeInput>();
            for (var day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
                hours.add(new dev.switchboard.schedule.Schedules.RangeInput(day, "07:00", "18:00"));
            }
            hours.add(new dev.switchboard.schedule.Schedules.RangeInput("SATURDAY", "08:00", "12:00"));
            schedules.setBusinessHours(owner, hours);
            // The general mailbox takes the calls nobody answers in opening hours (the Office rule's) and every call
            // after hours and on holidays (no after-hours target, no holiday rule): its greeting is true for all three.
            mailboxes.update(owner, null, new dev.switchboard.voicemail.MailboxSettings.Input("TEXT_TO_SPEECH",
                    "Thanks for calling Demo Plumbing. Nobody can take your call right now. Our office is open Monday to Friday "
                            + "from 7 AM to 6 PM and Saturday from 8 AM to noon, and closed outside those hours. Please leave your "
                            + "name, number and what you need after the tone, and we will call you back when we are open.",
                    null, "en-US", null, null, null, null, null, null, null, null, null, null, null));
            holidays.create(owner, new dev.switchboard.schedule.HolidayInput("Thanksgiving", java.time.LocalDate.of(2025, 11, 27),
                    "CUSTOM", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", List.of(), false, null, null,
                    "Happy Thanksgiving from Demo Plumbing. We are closed today, and open again tomorrow at 7 AM.",
                    null, "en-US", null, null, true));
            holidays.create(owner, new dev.switchboard.schedule.HolidayInput("Christmas Day", java.time.LocalDate.of(2025, 12, 25),
                    "YEARLY", null, List.of(), true, null, null,
                    "Merry Christmas from Demo Plumbing. We are closed today.", null, "en-US", null, null, true));
        }));
        log.info("Created the demo company Demo Plumbing ({})", result.companyId());
    }

    private String encoderHash(String raw) {
        return encoder.encode(raw);
    }
}
