package dev.switchboard.shared;

import java.util.Optional;

/**
 * How many parts (segments) an SMS text is sent as, which is what carriers bill. A text made only of characters of the
 * GSM 03.38 default alphabet goes as GSM-7: 160 characters in one part, 153 a part beyond (each part then carries a
 * 7-character concatenation header); the extension table's characters ({@code ^ { } \ [ ~ ] | €} and form feed) take two,
 * an escape and the character. Any other character (an emoji, a curly quote, most accented letters) makes the whole text
 * UCS-2: 70 UTF-16 units in one part, 67 a part beyond, an emoji outside the Basic Multilingual Plane being two units. A
 * character's units are never split across two parts, as carriers split texts: such a character starts the next part.
 *
 * <p>No library for GSM 03.38 detection is in the build's (offline) Maven repository, and the ones known to have it are
 * parts of whole SMPP client stacks (jSMPP, Cloudhopper), so it is these two tables, from 3GPP TS 23.038 section 6.2.1,
 * checked in SmsPartsTest.
 *
 * @param encoding how the text is encoded
 * @param units the text's length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2
 * @param parts the parts it is sent as; 0 for an empty text
 */
public record SmsParts(Encoding encoding, int units, int parts) {

    /** An SMS encoding, with its units in a text sent as one part and in each part of a longer one. */
    public enum Encoding {
        GSM_7("GSM-7", 160, 153),
        UCS_2("UCS-2", 70, 67);

        private final String label;
        private final int single;
        private final int perPart;

        Encoding(String label, int single, int perPart) {
            this.label = label;
            this.single = single;
            this.perPart = perPart;
        }

        /** Units in a text sent as one part. */
        public int single() {
            return single;
        }

        /** Units in each part of a text sent as several. */
        public int perPart() {
            return perPart;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The GSM 03.38 default alphabet, in the table's order (0x1B, the escape to the extension table, left out). */
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table's characters a text may hold, each sent as the escape and itself. */
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    /** The parts {@code text} is sent as. */
    public static SmsParts of(String text) {
        if (text == null || text.isEmpty()) {
            return new SmsParts(Encoding.GSM_7, 0, 0);
        }
        var encoding = firstOutsideGsm7(text).isPresent() ? Encoding.UCS_2 : Encoding.GSM_7;
        var sizes = text.codePoints()
                .map(cp -> encoding == Encoding.GSM_7 ? (GSM_EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : Character.charCount(cp)).toArray();
        int units = java.util.Arrays.stream(sizes).sum();
        if (units <= encoding.single()) {
            return new SmsParts(encoding, units, 1);
        }
        int parts = 1;
        int inPart = 0;
        for (int size : sizes) {
            if (inPart + size > encoding.perPart()) {
                parts++;
                inPart = 0;
            }
            inPart += size;
        }
        return new SmsParts(encoding, units, parts);
    }

    /**
     * The first character of {@code text} outside the GSM-7 tables (basic and extension), which makes the text UCS-2;
     * empty when there is none.
     */
    public static Optional<String> firstOutsideGsm7(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return text.codePoints().filter(cp -> GSM_BASIC.indexOf(cp) < 0 && GSM_EXTENSION.indexOf(cp) < 0)
                .mapToObj(Character::toString).findFirst();
    }
}
