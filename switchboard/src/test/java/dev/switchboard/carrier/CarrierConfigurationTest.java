package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CarrierConfigurationTest {

    @Test
    void realTelnyxNeedsAPublicBaseUrlItCanReach() {
        for (var local : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080", "http://app.localhost", "", null}) {
            assertThatThrownBy(() -> CarrierConfiguration.requireReachableByCarrier("https://api.telnyx.com/v2", local))
                    .hasMessageContaining("SWITCHBOARD_PUBLIC_BASE_URL").hasMessageContaining("Telnyx cannot reach");
        }
        assertThatCode(() -> CarrierConfiguration.requireReachableByCarrier("https://api.telnyx.com/v2", "https://phones.example.com"))
                .doesNotThrowAnyException();
        // The standalone simulator on this machine reaches this machine.
        assertThatCode(() -> CarrierConfiguration.requireReachableByCarrier("http://127.0.0.1:8081/v2", "http://localhost:8080"))
                .doesNotThrowAnyException();
    }
    @Test
    void realTelnyxNeedsItsPublicKeyAndConnectionId() {
        var none = new TelnyxProperties(null, "KEY", " ", null, null, null, null);
        assertThatThrownBy(() -> CarrierConfiguration.requireCompleteSettings(none))
                .hasMessageContaining("TELNYX_PUBLIC_KEY").hasMessageContaining("TELNYX_CONNECTION_ID");
        var noKey = new TelnyxProperties(null, "KEY", "conn-1", "", null, null, null);
        assertThatThrownBy(() -> CarrierConfiguration.requireCompleteSettings(noKey))
                .hasMessageContaining("TELNYX_PUBLIC_KEY").hasMessageNotContaining("TELNYX_CONNECTION_ID");
        var complete = new TelnyxProperties(null, "KEY", "conn-1", "jrMBoswHlhhVx2W2Www72WU/xn4UMpjreslD0m2u0qs=", null, null, null);
        assertThatCode(() -> CarrierConfiguration.requireCompleteSettings(complete)).doesNotThrowAnyException();
    }
}
