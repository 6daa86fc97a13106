package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a number is, as a refusal says it after "is a number": with "the" where English says it. */
class CompanyWordsTest {

    @Test
    void aCountryIsSaidWithTheWhereEnglishSaysIt() {
        assertThat(Company.in("Jamaica")).isEqualTo("in Jamaica");
        assertThat(Company.in("United Kingdom")).isEqualTo("in the United Kingdom");
        assertThat(Company.in("Cayman Islands")).isEqualTo("in the Cayman Islands");
        assertThat(Company.in("Netherlands")).isEqualTo("in the Netherlands");
        assertThat(Company.in("Philippines")).isEqualTo("in the Philippines");
        assertThat(Company.in("a satellite or worldwide service")).isEqualTo("of a satellite or worldwide service");
    }
}
