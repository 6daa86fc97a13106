package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The test vector from Telnyx's own Java SDK (reference §2), in virtual time. */
class WebhookSignatureTest {

    static final String PUBLIC_KEY = "jrMBoswHlhhVx2W2Www72WU/xn4UMpjreslD0m2u0qs=";
    static final String BODY = "{\"data\":{\"event_type\":\"call.initiated\",\"id\":\"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\"}}";
    static final String SIGNATURE = "LrmuThf3sTYvI90Nu0vB2RQtk/9KPS/eZUXooZyA0ce31zNdRXY4ITARm5BSfl7d7tYdhRLq7VQVJIUsDDOEDA==";

    static WebhookSignature at(long epochSecond) {
        return new WebhookSignature(PUBLIC_KEY, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSdkTestVectorVerifies() {
        assertThatCode(() -> at(1_700_000_000).verify("1700000000", SIGNATURE, body(BODY))).doesNotThrowAnyException();
    }

    @Test
    void timestampsUpTo300SecondsOffEitherWayAreAcceptedAndNoMore() {
        assertThatCode(() -> at(1_700_000_300).verify("1700000000", SIGNATURE, body(BODY))).doesNotThrowAnyException();
        assertThatCode(() -> at(1_699_999_700).verify("1700000000", SIGNATURE, body(BODY))).doesNotThrowAnyException();
        assertThatThrownBy(() -> at(1_700_000_301).verify("1700000000", SIGNATURE, body(BODY)))
                .isInstanceOf(WebhookSignature.Rejected.class).hasMessageContaining("300 s");
        assertThatThrownBy(() -> at(1_699_999_699).verify("1700000000", SIGNATURE, body(BODY)))
                .isInstanceOf(WebhookSignature.Rejected.class);
    }

    @Test
    void anyChangeToBodyTimestampOrSignatureIsRefused() {
        var check = at(1_700_000_000);
        assertThatThrownBy(() -> check.verify("1700000000", SIGNATURE, body(BODY.replace("initiated", "answered"))))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> check.verify("1700000001", SIGNATURE, body(BODY))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> check.verify("1700000000", SIGNATURE, body(BODY + " "))).hasMessageContaining("does not match");
        var flipped = SIGNATURE.substring(0, 10) + (SIGNATURE.charAt(10) == 'A' ? 'B' : 'A') + SIGNATURE.substring(11);
        assertThatThrownBy(() -> check.verify("1700000000", flipped, body(BODY))).hasMessageContaining("does not match");
    }

    @Test
    void malformedHeadersAreRefusedWithTheReason() {
        var check = at(1_700_000_000);
        assertThatThrownBy(() -> check.verify(null, SIGNATURE, body(BODY))).hasMessageContaining("missing telnyx-timestamp");
        assertThatThrownBy(() -> check.verify("1700000000", "", body(BODY))).hasMessageContaining("missing telnyx-signature");
        assertThatThrownBy(() -> check.verify("17e8", SIGNATURE, body(BODY))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> check.verify("-1700000000", SIGNATURE, body(BODY))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> check.verify("1234567890123", SIGNATURE, body(BODY))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> check.verify("1700000000", "not base64!", body(BODY))).hasMessageContaining("not base64");
        assertThatThrownBy(() -> check.verify("1700000000", "AAAA", body(BODY))).hasMessageContaining("64-byte");
    }

    @Test
    void aKeyThatIsNot32BytesOrNotACurvePointIsRefusedAtStartup() {
        assertThatThrownBy(() -> new WebhookSignature("AAAA", Clock.systemUTC())).hasMessageContaining("32-byte");
        assertThatThrownBy(() -> new WebhookSignature("%%%", Clock.systemUTC())).hasMessageContaining("not base64");
        var notAPoint = java.util.Base64.getEncoder().encodeToString(new byte[] {
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
        assertThatThrownBy(() -> new WebhookSignature(notAPoint, Clock.systemUTC())).hasMessageContaining("not a valid Ed25519 public key");
    }
}
