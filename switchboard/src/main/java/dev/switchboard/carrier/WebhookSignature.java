package dev.switchboard.carrier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Telnyx's webhook signature check (reference §2): pure Ed25519 (RFC 8032) over
 * {@code timestamp + "|" + rawBody}, with the account's raw 32-byte public key, and the timestamp within
 * 300 seconds of now either way. BouncyCastle's RFC 8032 verify is strict (it refuses non-canonical
 * signatures and keys) and measured about 7 times faster than the JDK's here (docs/benchmarks.md).
 */
public class WebhookSignature {

    static final long TOLERANCE_SECONDS = 300;

    private final Ed25519.PublicPoint publicKey;
    private final Clock clock;

    /** Why a webhook was refused; the message is safe to log, never to echo secrets. */
    public static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /**
     * @param base64PublicKey the account's public key, base64 of 32 raw bytes
     * @throws IllegalArgumentException when the key is not base64 of exactly 32 bytes
     */
    public WebhookSignature(String base64PublicKey, Clock clock) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64PublicKey == null ? "" : base64PublicKey.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TELNYX_PUBLIC_KEY is not base64");
        }
        if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("TELNYX_PUBLIC_KEY must be base64 of a 32-byte Ed25519 key, got " + key.length + " bytes");
        }
        // Decoded (and fully validated) once here, not on every webhook: decoding the point is about a fifth of a verify.
        var point = Ed25519.validatePublicKeyFullExport(key, 0);
        if (point == null) {
            throw new IllegalArgumentException("TELNYX_PUBLIC_KEY is not a valid Ed25519 public key");
        }
        this.publicKey = point;
        this.clock = clock;
    }

    private WebhookSignature() {
        this.publicKey = null;
        this.clock = null;
    }

    /** Accepts a webhook that any of several keys verifies (the first failure's reason otherwise). */
    static final class AnyOf extends WebhookSignature {
        private final List<WebhookSignature> all;

        AnyOf(List<WebhookSignature> all) {
            this.all = List.copyOf(all);
        }

        @Override
        public void verify(String timestampHeader, String signatureHeader, byte[] rawBody) throws Rejected {
            Rejected first = null;
            for (var v : all) {
                try {
                    v.verify(timestampHeader, signatureHeader, rawBody);
                    return;
                } catch (Rejected e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }
    }

    /** Checks the headers against the raw body; returns normally only for a valid, fresh signature. */
    public void verify(String timestampHeader, String signatureHeader, byte[] rawBody) throws Rejected {
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw new Rejected("missing telnyx-timestamp header");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new Rejected("missing telnyx-signature-ed25519 header");
        }
        long timestamp;
        try {
            if (timestampHeader.length() > 12 || !timestampHeader.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException e) {
            throw new Rejected("telnyx-timestamp is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) {
            throw new Rejected("telnyx-timestamp is more than " + TOLERANCE_SECONDS + " s from now");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureHeader.strip());
        } catch (IllegalArgumentException e) {
            throw new Rejected("telnyx-signature-ed25519 is not base64");
        }
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            throw new Rejected("telnyx-signature-ed25519 is not a 64-byte signature");
        }
        var prefix = (timestampHeader + "|").getBytes(StandardCharsets.UTF_8);
        var message = new byte[prefix.length + rawBody.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(rawBody, 0, message, prefix.length, rawBody.length);
        if (!Ed25519.verify(signature, 0, publicKey, message, 0, message.length)) {
            throw new Rejected("signature does not match");
        }
    }
}
