package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.directory.Customer;
import dev.switchboard.shared.PhoneNumber;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who a member's phone says is calling, as the carrier takes a display name. */
class CallerDisplayTest {

    static Customer customer(String name) {
        return new Customer(UUID.randomUUID(), name, null, null, List.of(PhoneNumber.parse("+17735550123")), List.of(), null, null, null);
    }

    @Test
    void aCustomersNameIsShownWithOnlyTheCharactersTheCarrierTakes() {
        assertThat(CallerDisplay.of(List.of(customer("José O'Brien & Sons (HVAC)")), null, null, "+17735550123")).isEqualTo("Jose OBrien Sons HVAC");
        assertThat(CallerDisplay.of(List.of(customer("Anne-Marie  Dupont_Jr. +1")), null, null, "+17735550123")).isEqualTo("Anne-Marie Dupont_Jr. +1");
    }

    @Test
    void theCustomerRoutingWentByIsTheOneNamedWhenSeveralShareTheNumber() {
        var jane = customer("Jane Doe");
        var household = customer("Doe Household");
        assertThat(CallerDisplay.of(List.of(jane, household), household.id(), null, "+17735550123")).isEqualTo("Doe Household");
        assertThat(CallerDisplay.of(List.of(jane, household), null, null, "+17735550123")).isEqualTo("Jane Doe");
    }

    @Test
    void withoutACustomerTheCarriersNameForTheCallerElseTheirNumber() {
        assertThat(CallerDisplay.of(List.of(), null, "WIRELESS CALLER", "+17735550123")).isEqualTo("WIRELESS CALLER");
        assertThat(CallerDisplay.of(List.of(), null, "+17735550123", "+17735550123")).as("the carrier's name is the number").isEqualTo("+17735550123");
        assertThat(CallerDisplay.of(List.of(), null, null, "+17735550123")).isEqualTo("+17735550123");
        assertThat(CallerDisplay.of(List.of(customer("&&&")), null, "(((", "anonymous")).as("nothing left of the name").isEqualTo("anonymous");
        assertThat(CallerDisplay.of(List.of(), null, null, null)).isNull();
    }

    @Test
    void aLongNameIsCutAtWhatTheCarrierTakes() {
        var shown = CallerDisplay.of(List.of(customer("A".repeat(200))), null, null, "+17735550123");
        assertThat(shown).hasSize(CallerDisplay.MAX);
        assertThat(CallerDisplay.clean("  \t ")).isNull();
        assertThat(CallerDisplay.clean("Zoë 北京 Ltd")).as("letters it cannot show are dropped").isEqualTo("Zoe Ltd");
    }
}
