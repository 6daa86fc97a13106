package dev.switchboard.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneNumberTest {

    @Test
    void parsesWhatPeopleTypeIntoE164() {
        assertThat(PhoneNumber.parse("(312) 555-0100", "US").e164()).isEqualTo("+13125550100");
        assertThat(PhoneNumber.parse("+44 20 7946 0000", "US").e164()).isEqualTo("+442079460000");
        assertThat(PhoneNumber.parse("020 7946 0000", "GB").e164()).isEqualTo("+442079460000");
    }

    /** Where a call to a number would be an international call from the company's country (billed so; toll fraud's way). */
    @Test
    void saysWhereANumberAbroadIs() {
        assertThat(PhoneNumber.parse("(312) 555-0100", "US").abroadFrom("US")).isNull();
        assertThat(PhoneNumber.parse("+1 416 555 0100", "US").abroadFrom("US")).as("Canada from the US: domestic").isNull();
        assertThat(PhoneNumber.parse("+1 876 555 0100", "US").abroadFrom("US")).as("a +1 number, but Jamaica's").isEqualTo("Jamaica");
        assertThat(PhoneNumber.parse("+44 20 7946 0000", "US").abroadFrom("US")).isEqualTo("United Kingdom");
        assertThat(PhoneNumber.parse("+44 20 7946 0000", "US").abroadFrom("GB")).isNull();
        assertThat(PhoneNumber.parse("(312) 555-0100", "US").abroadFrom("GB")).isEqualTo("United States");
        assertThat(PhoneNumber.parse("+881631234567", "US").abroadFrom("US")).isEqualTo("a satellite or worldwide service");
    }

    @Test
    void refusesWhatIsNotANumber() {
        assertThatThrownBy(() -> PhoneNumber.parse("12", "US")).isInstanceOf(PhoneNumber.InvalidPhoneNumber.class);
        assertThatThrownBy(() -> PhoneNumber.parse("call me", "US")).hasMessageContaining("call me");
        assertThatThrownBy(() -> PhoneNumber.parse("", "US")).hasMessage("is required: write it as +12015550123 or (201) 555-0123");
        assertThatThrownBy(() -> PhoneNumber.parse(null, "US")).as("was \"'null' is empty\"")
                .hasMessage("is required: write it as +12015550123 or (201) 555-0123");
        assertThatThrownBy(() -> new PhoneNumber("3125550100")).hasMessageContaining("E.164");
    }

    @Test
    void aRefusedNumberIsExplainedInOurWordsWithAnExampleOfTheCompanysCountryNotLibphonenumbers() {
        assertThatThrownBy(() -> PhoneNumber.parse("call me", "US"))
                .hasMessage("'call me' is not a phone number: write it as +12015550123 or (201) 555-0123")
                .message().doesNotContain("did not seem");
        assertThatThrownBy(() -> PhoneNumber.parse("12", "US")).message().endsWith(": write it as +12015550123 or (201) 555-0123");
        assertThatThrownBy(() -> PhoneNumber.parse("+1 312 555", "US")).message().contains("write it as +12015550123");
        assertThatThrownBy(() -> PhoneNumber.parse("0207", "GB")).message().endsWith("write it as +441212345678 or 0121 234 5678");
        assertThatThrownBy(() -> PhoneNumber.parse("3125550100"))
                .hasMessage("'3125550100' is not a phone number: write it with + and the country code, such as +13125550123");
    }

    @Test
    void refusesAControlCharacterLibphonenumberWouldSkipInTheWordsOfEveryOtherText() {
        for (var bad : new String[] {"+13125550100\u0000", "+1312\u00005550100", "+13125550100\t", "+13125550100\n(312) 555-0199",
                "\u001b+13125550100", "+13125550100\u0085"}) {
            int c = bad.chars().filter(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)).findFirst().orElseThrow();
            assertThatThrownBy(() -> PhoneNumber.parse(bad, "US")).as(bad).isInstanceOf(PhoneNumber.InvalidPhoneNumber.class)
                    .hasMessage(dev.switchboard.platform.Text.message(c));
        }
        assertThat(PhoneNumber.parse(" +1 (312) 555-0100 ", "US").e164()).as("spaces are not control characters").isEqualTo("+13125550100");
    }

    @Test
    void moneyIsCents() {
        assertThat(new Money(1234).toString()).isEqualTo("12.34");
        assertThat(new Money(5).plus(new Money(-10)).toString()).isEqualTo("-0.05");
    }

    @Test
    void anExtensionTypedAfterANumberIsReadApartFromIt() {
        assertThat(PhoneNumber.extensionOf("(773) 555-0199 x12", "US")).isEqualTo("12");
        assertThat(PhoneNumber.extensionOf("+1 773 555 0199 ext. 345", "US")).isEqualTo("345");
        assertThat(PhoneNumber.extensionOf("+17735550199;ext=7", "US")).isEqualTo("7");
        assertThat(PhoneNumber.parse("(773) 555-0199 x12", "US").e164()).isEqualTo("+17735550199");
        assertThat(PhoneNumber.extensionOf("(773) 555-0199", "US")).isNull();
        assertThat(PhoneNumber.extensionOf("call me", "US")).isNull();
        assertThat(PhoneNumber.extensionOf(" ", "US")).isNull();
    }
}
