package dev.switchboard.carrier;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Prints what one webhook signature check costs: the JDK's Ed25519 against BouncyCastle's RFC 8032
 * verify (the one {@link WebhookSignature} uses), on the Telnyx SDK test vector. Not a test: run it with
 * {@code bench/signature.sh}. Numbers go in docs/benchmarks.md.
 */
public final class SignatureBenchmark {

    private SignatureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        var pub = Base64.getDecoder().decode(WebhookSignatureTest.PUBLIC_KEY);
        var sig = Base64.getDecoder().decode(WebhookSignatureTest.SIGNATURE);
        var body = WebhookSignatureTest.BODY.getBytes(StandardCharsets.UTF_8);
        var message = ("1700000000|" + WebhookSignatureTest.BODY).getBytes(StandardCharsets.UTF_8);
        var der = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(pub));
        var key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        var ours = new WebhookSignature(WebhookSignatureTest.PUBLIC_KEY, Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        System.out.printf("java %s, %d verifications per round%n", System.getProperty("java.version"), n);
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                var s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(message);
                ok &= s.verify(sig);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ours.verify("1700000000", WebhookSignatureTest.SIGNATURE, body);
            }
            long t2 = System.nanoTime();
            double jdk = (t1 - t0) / 1e6 / n;
            double bc = (t2 - t1) / 1e6 / n;
            System.out.printf("round %d: JDK %.3f ms/verify (%,.0f/s per core), WebhookSignature (BouncyCastle) %.3f ms/verify (%,.0f/s per core), ratio %.1fx%s%n",
                    round, jdk, 1000 / jdk, bc, 1000 / bc, jdk / bc, ok ? "" : " JDK FAILED");
        }
    }
}
