package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the voicemail tests share (one Spring context for all of them): virtual time, a real SMTP
 * server (GreenMail) on a port of its own, started for each test, and helpers to act as a company.
 */
@Import(VoicemailTestSupport.VirtualTime.class)
abstract class VoicemailTestSupport extends IntegrationTest {

    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(smtpSetup())
            .withPerMethodLifecycle(true);

    private static ServerSetup smtpSetup() {
        var setup = new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(10_000); // a loaded 2-core machine can take longer than the default 2 s
        return setup;
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "false");
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
        registry.add("switchboard.voicemail.mail-from", () -> "voicemail@switchboard.test");
        // Webhooks from the simulator are handled as they are delivered (as in CallFlowTest).
        registry.add("switchboard.calls.inline-processing", () -> "true");
    }

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    SimClock clock;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Voicemails voicemails;

    ApiClient owner;
    CompanyId company;

    void signUp(String name) {
        owner = api().signUpNewCompany(name);
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
    }

    /** Gives the company a business number (the SMS sender) and returns it. */
    String businessNumber() {
        var number = randomNumber("+1312");
        var r = owner.put("/api/v1/company", Map.of("name", "Voicemail Co", "timezone", "America/Chicago", "business_numbers", List.of(number)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return number;
    }

    static String randomNumber(String prefix) {
        return dev.switchboard.support.TestNumbers.unused(prefix);
    }

    String member(String name) {
        var r = owner.post("/api/v1/members", Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    void settings(String memberId, Map<String, Object> body) {
        var r = memberId == null ? owner.put("/api/v1/voicemail/settings", body) : owner.put("/api/v1/members/" + memberId + "/voicemail", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static final java.time.ZoneId CHICAGO = java.time.ZoneId.of("America/Chicago");

    /**
     * Moves virtual time forward to the next Wednesday at noon in Chicago (the tests share one clock,
     * which only goes forward) and returns it.
     */
    java.time.ZonedDateTime nextWednesdayNoon() {
        var now = clock.instant().atZone(CHICAGO);
        var noon = now.toLocalDate().atTime(12, 0).atZone(CHICAGO)
                .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.WEDNESDAY));
        if (noon.toInstant().isBefore(now.toInstant())) {
            noon = noon.plusWeeks(1);
        }
        clock.set(noon.toInstant());
        return noon;
    }

    /** Runs {@code work} in a transaction as the test's company. */
    <T> T asCompany(Supplier<T> work) {
        return TenantContext.callAs(company, () -> tx.execute(s -> work.get()));
    }

    /** A message left now, as the call engine leaves it. */
    UUID deposit(String memberId, String from, int seconds) {
        return asCompany(() -> voicemails.deposit(memberId == null ? null : UUID.fromString(memberId), UUID.randomUUID(), from,
                clock.instant(), seconds, "https://carrier.example/recordings/" + UUID.randomUUID() + ".wav"));
    }

    /**
     * A free port below the kernel's ephemeral range. GreenMail is stopped and started again for each
     * test, so a port from the ephemeral range (what {@code new ServerSocket(0)} gives) can be taken
     * meanwhile as the local end of an outgoing connection (a pooled database connection lives for the
     * whole run), and every later start fails: that happened once in CI.
     */
    private static int freePort() {
        int ephemeralLow = 32768;
        int ephemeralHigh = 60999;
        try {
            var range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            ephemeralLow = Integer.parseInt(range[0]);
            ephemeralHigh = Integer.parseInt(range[1]);
        } catch (IOException | RuntimeException notLinux) {
            // the Linux default
        }
        // Below the range when there is room there (up to 12,000 ports), else above it; a machine whose range takes
        // (nearly) every port leaves only the kernel's choice.
        int low = Math.max(1024, ephemeralLow - 12000);
        int high = ephemeralLow;
        if (high - low < 1000) {
            low = ephemeralHigh + 1;
            high = 65536;
        }
        for (int attempt = 0; high - low >= 1000 && attempt < 100; attempt++) {
            int port = low + ThreadLocalRandom.current().nextInt(high - low);
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the test's mail server", e);
        }
    }
}
