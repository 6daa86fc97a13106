package dev.switchboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the integration tests: the whole app on a random port, on an embedded PostgreSQL started
 * once per test JVM in a fresh folder under {@code target/} (fast, non-durable settings), with the
 * demo company seeded. Tests isolate themselves by signing up their own companies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Every test signs its companies up from this machine's address: the sign-up limit per address is for real clients
// (its own tests set it lower, with an address of their own).
@TestPropertySource(properties = "switchboard.signup.max-per-address=1000000")
public abstract class IntegrationTest {

    private static final Path DATA_DIR = freshDataDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA_DIR::toString);
        registry.add("switchboard.database.durable", () -> "false");
        registry.add("switchboard.database.url", () -> "");
        registry.add("switchboard.demo.enabled", () -> "true");
        registry.add("switchboard.demo.password", () -> "demo");
        // The Telnyx SDK's test key pair; webhook tests sign with its private half.
        registry.add("telnyx.public-key", () -> "jrMBoswHlhhVx2W2Www72WU/xn4UMpjreslD0m2u0qs=");
        // Every cached context shares the database: a background worker in one would send (or purge)
        // another's voicemail. Tests run the voicemail jobs by hand, in their own virtual time.
        registry.add("switchboard.voicemail.jobs.enabled", () -> "false");
        // Likewise the timers' background poll (real clock): virtual-time tests drive timers through the simulator.
        registry.add("switchboard.timers.enabled", () -> "false");
        // And the retries of recordings' copies from the carrier: tests run them by hand, in virtual time.
        registry.add("switchboard.calls.media-downloads.enabled", () -> "false");
        // And the check of long-open calls against the carrier: tests run it by hand, in virtual time.
        registry.add("switchboard.calls.reconcile.enabled", () -> "false");
        // And the missed-call text-backs' sender: tests send them by hand, in virtual time.
        registry.add("switchboard.calls.text-back.enabled", () -> "false");
        // And the sweep of prompts nothing uses: tests sweep by hand, in virtual time.
        registry.add("switchboard.media.sweep.enabled", () -> "false");
    }

    /**
     * A Chicago number no other test's company is likely to own (numbers are unique across companies): one of 7 million,
     * where "+1312555" and four random digits (10,000) collided now and then in a full run.
     */
    protected static String unusedNumber() {
        return TestNumbers.unused("+1312");
    }

    protected ApiClient api() {
        return new ApiClient(port);
    }

    /** A signed-in browser session (form login, session cookie, CSRF) of a new company's owner. */
    protected WebClient newCompanyOwner(String companyName) {
        return WebClient.ownerOfNewCompany(port, companyName);
    }

    protected WebClient webLogin(String email, String password) {
        return WebClient.loggedIn(port, email, password);
    }

    private static Path freshDataDir() {
        try {
            var base = Path.of("target", "test-data");
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), "pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
