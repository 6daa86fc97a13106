package dev.switchboard.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.SmsParts.Encoding;
import org.junit.jupiter.api.Test;

/** SMS part counts against the GSM 03.38 tables and the boundaries carriers bill by. */
class SmsPartsTest {

    static final String WRENCH = "\uD83D\uDD27"; // U+1F527, two UTF-16 units

    @Test
    void gsm7TextsTake160CharactersInOnePartAnd153APartBeyond() {
        assertThat(SmsParts.of("x".repeat(160))).isEqualTo(new SmsParts(Encoding.GSM_7, 160, 1));
        assertThat(SmsParts.of("x".repeat(161))).isEqualTo(new SmsParts(Encoding.GSM_7, 161, 2));
        assertThat(SmsParts.of("x".repeat(306))).isEqualTo(new SmsParts(Encoding.GSM_7, 306, 2));
        assertThat(SmsParts.of("x".repeat(307))).isEqualTo(new SmsParts(Encoding.GSM_7, 307, 3));
        assertThat(SmsParts.of("x".repeat(320)).parts()).isEqualTo(3);
        assertThat(SmsParts.of("").parts()).isZero();
    }

    @Test
    void everyCharacterOfTheDefaultAlphabetIsGsm7() {
        var alphabet = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
                + "abcdefghijklmnopqrstuvwxyzäöñüà";
        assertThat(alphabet.length()).isEqualTo(127);
        assertThat(SmsParts.of(alphabet)).isEqualTo(new SmsParts(Encoding.GSM_7, 127, 1));
        assertThat(SmsParts.firstOutsideGsm7(alphabet)).isEmpty();
        assertThat(SmsParts.of("Sorry we missed your call to Demo Plumbing. We'll call you back shortly, or reply here.").encoding())
                .isEqualTo(Encoding.GSM_7);
    }

    /** ^ { } \ [ ~ ] | € and form feed are sent as an escape and the character: two septets each. */
    @Test
    void extensionCharactersCountTwoAndAreNotSplitAcrossParts() {
        assertThat(SmsParts.of("€".repeat(80))).isEqualTo(new SmsParts(Encoding.GSM_7, 160, 1));
        assertThat(SmsParts.of("€".repeat(80) + "x")).isEqualTo(new SmsParts(Encoding.GSM_7, 161, 2));
        assertThat(SmsParts.of("^{}\\[~]|\f").units()).isEqualTo(18);
        // 152 septets, then a euro sign that does not fit in the first part's last septet: it starts the second.
        assertThat(SmsParts.of("x".repeat(152) + "€" + "x".repeat(152))).isEqualTo(new SmsParts(Encoding.GSM_7, 306, 3));
        assertThat(SmsParts.of("x".repeat(151) + "€" + "x".repeat(153))).isEqualTo(new SmsParts(Encoding.GSM_7, 306, 2));
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheWholeTextUcs2With70InOnePartAnd67Beyond() {
        assertThat(SmsParts.of("ç" + "x".repeat(69))).isEqualTo(new SmsParts(Encoding.UCS_2, 70, 1));
        assertThat(SmsParts.of("ç" + "x".repeat(70))).isEqualTo(new SmsParts(Encoding.UCS_2, 71, 2));
        assertThat(SmsParts.of("x".repeat(133) + "ç")).isEqualTo(new SmsParts(Encoding.UCS_2, 134, 2));
        assertThat(SmsParts.of("x".repeat(134) + "ç")).isEqualTo(new SmsParts(Encoding.UCS_2, 135, 3));
        // A curly apostrophe, as phones and word processors type it, is not GSM-7: 100 characters become two parts.
        var curly = "We\u2019ll call you back" + "x".repeat(81);
        assertThat(SmsParts.of(curly)).isEqualTo(new SmsParts(Encoding.UCS_2, 100, 2));
        assertThat(SmsParts.firstOutsideGsm7(curly)).contains("\u2019");
        assertThat(SmsParts.of("`").encoding()).as("the backtick is not in the tables").isEqualTo(Encoding.UCS_2);
        assertThat(SmsParts.of("\u001B").encoding()).as("the escape itself is not a character a text may hold").isEqualTo(Encoding.UCS_2);
    }

    /** An emoji outside the Basic Multilingual Plane is two UTF-16 units, as carriers count it, never split across parts. */
    @Test
    void emojiCountAsTwoUtf16UnitsAndAreNotSplitAcrossParts() {
        assertThat(SmsParts.of(WRENCH.repeat(35))).isEqualTo(new SmsParts(Encoding.UCS_2, 70, 1));
        assertThat(SmsParts.of(WRENCH.repeat(35) + "x")).isEqualTo(new SmsParts(Encoding.UCS_2, 71, 2));
        assertThat(SmsParts.of("Thanks " + WRENCH)).isEqualTo(new SmsParts(Encoding.UCS_2, 9, 1));
        assertThat(SmsParts.firstOutsideGsm7("Thanks " + WRENCH)).contains(WRENCH);
        // 66 units, then an emoji that would straddle the first part's end: it goes whole into the second.
        assertThat(SmsParts.of("x".repeat(66) + WRENCH + "x".repeat(66))).isEqualTo(new SmsParts(Encoding.UCS_2, 134, 3));
        assertThat(SmsParts.of("x".repeat(65) + WRENCH + "x".repeat(67))).isEqualTo(new SmsParts(Encoding.UCS_2, 134, 2));
    }
}
