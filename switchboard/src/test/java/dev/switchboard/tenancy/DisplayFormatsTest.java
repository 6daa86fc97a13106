package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayFormatsTest {

    private final DisplayFormats us = new DisplayFormats(ZoneId.of("America/Denver"), "US");

    @Test
    void showsTheCompanysOwnNumbersAsDialledAtHomeAndOthersInternationally() {
        assertThat(us.phone(new PhoneNumber("+17205550199"))).isEqualTo("(720) 555-0199");
        assertThat(us.phone("+17205550141")).isEqualTo("(720) 555-0141");
        assertThat(us.phone("+442079460000")).isEqualTo("+44 20 7946 0000");
        assertThat(new DisplayFormats(ZoneId.of("Europe/London"), "GB").phone("+17205550199")).isEqualTo("+1 720-555-0199");
        assertThat(new DisplayFormats(ZoneId.of("Europe/London"), "GB").phone("+442079460000")).isEqualTo("020 7946 0000");
    }

    @Test
    void showsWhatIsNoNumberAsItIsAndNothingAsADash() {
        assertThat(us.phone("anonymous")).isEqualTo("anonymous");
        assertThat(us.phone("sip:bob@example.com")).isEqualTo("sip:bob@example.com");
        assertThat(us.phone(null)).isEqualTo("—");
        assertThat(us.phone(" ")).isEqualTo("—");
        assertThat(us.phones(List.of(new PhoneNumber("+17205550199"), new PhoneNumber("+442079460000"))))
                .isEqualTo("(720) 555-0199, +44 20 7946 0000");
        assertThat(us.phones(List.of())).isEqualTo("—");
    }

    /** A call's, a message's or a wait's length in minutes and seconds, as a phone's call history writes it, not "125 s". */
    @Test
    void writesALengthOfTimeInMinutesAndSeconds() {
        assertThat(us.duration(6)).isEqualTo("0:06");
        assertThat(us.duration(125)).isEqualTo("2:05");
        assertThat(us.duration(3599L)).isEqualTo("59:59");
        assertThat(us.duration(3723)).isEqualTo("1:02:03");
        assertThat(us.duration(12.6)).as("an average, to the second").isEqualTo("0:13");
        assertThat(us.duration(null)).isEqualTo("—");
    }

    @Test
    void writesTheNumbersAndTimesInASentenceAsPagesShowThem() {
        assertThat(us.readable("ringing +17205550199 (forwarding), then +442079460000; extension 101, 2026"))
                .isEqualTo("ringing (720) 555-0199 (forwarding), then +44 20 7946 0000; extension 101, 2026");
        assertThat(us.readable("skipped Bob: on vacation until the end of 2026-11-30"))
                .isEqualTo("skipped Bob: on vacation until the end of Mon 30 Nov 2026");
        assertThat(us.readable("2026-12-05T02:00:00Z")).isEqualTo("Fri 4 Dec 2026, 7:00 PM");
        assertThat(us.readable("2026-12-05T02:00:00.960926Z")).isEqualTo("Fri 4 Dec 2026, 7:00 PM");
        assertThat(us.readable("id b083f85a-2211-4f3b, 12026-12-05, v3:2026-12-05x")).isEqualTo("id b083f85a-2211-4f3b, 12026-12-05, v3:2026-12-05x");
        assertThat(us.readable(null)).isNull();
    }

    /**
     * The trace wrote a do-not-disturb as a date and time on the company's clock, with no offset
     * ("2026-12-05T17:00", {@code LocalDateTime.toString()}; now with the offset); it was left as ISO. A vacation's days and a range of days
     * read as days; something that only looks like a date stays as it is rather than failing the page.
     */
    @Test
    void writesADateAndTimeOnTheCompanysClockAndARangeOfDaysAsPagesShowThem() {
        assertThat(us.readable("skipped Bob: do-not-disturb until 2026-12-05T17:00"))
                .isEqualTo("skipped Bob: do-not-disturb until Sat 5 Dec 2026, 5:00 PM");
        assertThat(us.readable("do-not-disturb until 2026-12-05T17:00:30.5")).isEqualTo("do-not-disturb until Sat 5 Dec 2026, 5:00 PM");
        // As the trace writes one now, with the company's offset (Denver's -07:00 in December): the same words.
        assertThat(us.readable("skipped Bob: do-not-disturb until 2026-12-05T17:00-07:00"))
                .isEqualTo("skipped Bob: do-not-disturb until Sat 5 Dec 2026, 5:00 PM");
        assertThat(us.readable("Vacation 2026-12-07 – 2026-12-11")).isEqualTo("Vacation Mon 7 Dec 2026 – Fri 11 Dec 2026");
        assertThat(us.readable("2026-12-07/2026-12-11")).isEqualTo("Mon 7 Dec 2026/Fri 11 Dec 2026");
        assertThat(us.readable("on 2026-02-30, at 2026-12-05T25:00")).isEqualTo("on 2026-02-30, at 2026-12-05T25:00");
    }

    @Test
    void writesAnAmountInCentsInTheCountrysMoney() {
        assertThat(us.money(125)).isEqualTo("$1.25");
        assertThat(us.money(1)).isEqualTo("$0.01");
        assertThat(us.money(0)).isEqualTo("$0.00");
        assertThat(us.money(null)).isEqualTo("—");
        assertThat(new DisplayFormats(ZoneId.of("Europe/London"), "GB").money(4)).isEqualTo("£0.04");
        assertThat(new DisplayFormats(ZoneId.of("Asia/Tokyo"), "JP").money(300)).as("no hundredths in yen").isEqualTo("300 ¢");
        assertThat(new DisplayFormats(ZoneId.of("UTC"), null).money(7)).isEqualTo("7 ¢");
    }

    @Test
    void saysWhyAPhoneStoppedInWordsForEveryReasonTheEngineKeeps() {
        assertThat(us.hangupCause("cancelled")).isEqualTo("stopped ringing before it was answered");
        assertThat(us.hangupCause("no_answer")).isEqualTo("not answered in time");
        assertThat(us.hangupCause("normal")).isEqualTo("answered, then hung up");
        assertThat(us.hangupCause("something_new")).isEqualTo("something new");
        assertThat(us.hangupCause(null)).isEqualTo("—");
        for (var reason : dev.switchboard.calls.CallSignal.Reason.values()) {
            assertThat(us.hangupCause(reason.stored())).as(reason.name()).doesNotContain("_")
                    .isNotEqualToIgnoringCase(reason.stored().replace('_', ' '));
        }
    }

    @Test
    void saysACodeInWordsAsTheCallLogDoes() {
        assertThat(us.words("ANSWERED")).isEqualTo("Answered");
        assertThat(us.words("CALLBACK_REQUESTED")).isEqualTo("Callback requested");
        assertThat(us.words(java.time.DayOfWeek.MONDAY)).isEqualTo("Monday");
        assertThat(us.words(null)).isEqualTo("—");
        assertThat(us.words(" ")).isEqualTo("—");
    }

    @Test
    void showsInstantsInTheCompanysTimezoneWithOnePatternForDateAndTimeAndOneForADay() {
        var at = Instant.parse("2026-12-05T02:00:00Z"); // 7:00 PM on Friday the 4th in Denver
        assertThat(us.dateTime(at)).isEqualTo("Fri 4 Dec 2026, 7:00 PM");
        assertThat(us.date(at)).isEqualTo("Fri 4 Dec 2026");
        assertThat(us.time(Instant.parse("2026-12-05T02:00:05Z"))).isEqualTo("7:00:05 PM");
        assertThat(us.date(LocalDate.of(2026, 12, 25))).isEqualTo("Fri 25 Dec 2026");
        assertThat(us.dateTime(LocalDateTime.of(2026, 12, 4, 9, 30))).isEqualTo("Fri 4 Dec 2026, 9:30 AM");
        assertThat(us.dateTime(at.atZone(ZoneId.of("UTC")))).isEqualTo("Fri 4 Dec 2026, 7:00 PM");
        assertThat(us.dateTime(null)).isEqualTo("—");
    }

    /** The what-if page tries any time, near a clock change too: its time says which side, and opening hours are clock times. */
    @Test
    void writesATimeWithItsZonesAbbreviationAndATimeOfDayOnTheTwelveHourClock() {
        assertThat(us.dateTimeAndZone(Instant.parse("2026-11-01T07:30:00Z"))).isEqualTo("Sun 1 Nov 2026, 1:30 AM (MDT)");
        assertThat(us.dateTimeAndZone(Instant.parse("2026-11-01T08:30:00Z"))).isEqualTo("Sun 1 Nov 2026, 1:30 AM (MST)");
        assertThat(us.clock(java.time.LocalTime.of(8, 0))).isEqualTo("8:00 AM");
        assertThat(us.clock(java.time.LocalTime.NOON)).isEqualTo("12:00 PM");
        assertThat(us.dateTimeAndZone(null)).isEqualTo("—");
    }
}
