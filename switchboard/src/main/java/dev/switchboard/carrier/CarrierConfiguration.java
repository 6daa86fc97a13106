package dev.switchboard.carrier;

import dev.switchboard.calls.CallControl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Real Telnyx when an API key is configured (without one, the simulator will be the carrier). */
@Configuration(proxyBeanMethods = false)
class CarrierConfiguration {

    @Bean
    @ConditionalOnExpression("!'${telnyx.api-key:}'.isBlank()")
    CallControl telnyxCallControl(TelnyxProperties properties) {
        return new TelnyxCallControl(properties);
    }
}
