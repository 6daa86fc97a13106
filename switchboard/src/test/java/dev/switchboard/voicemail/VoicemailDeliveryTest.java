package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.TelnyxSimulator;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * New-message notifications through a real SMTP server (GreenMail) and the simulated carrier's
 * messaging API, sent by the outbox worker in virtual time.
 */
class VoicemailDeliveryTest extends VoicemailTestSupport {

    @Autowired
    Deliveries deliveries;

    @Autowired
    TelnyxSimulator sim;

    String inbox;
    java.time.ZonedDateTime noon;
    String zone;

    @BeforeEach
    void company() {
        noon = nextWednesdayNoon();
        zone = java.time.format.DateTimeFormatter.ofPattern("zzz", java.util.Locale.US).format(noon);
        signUp("Delivery Co");
        inbox = "boss-" + UUID.randomUUID() + "@plumbing.test";
    }

    /** The emails GreenMail received for {@code address}. */
    List<MimeMessage> mailTo(String address) throws Exception {
        var found = new ArrayList<MimeMessage>();
        for (var m : SMTP.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address))) {
                found.add(m);
            }
        }
        return found;
    }

    record Parts(String text, Map<String, byte[]> attachments, Map<String, String> types) {
    }

    static Parts parts(Part part) throws Exception {
        var text = new StringBuilder();
        var attachments = new java.util.LinkedHashMap<String, byte[]>();
        var types = new java.util.LinkedHashMap<String, String>();
        walk(part, text, attachments, types);
        return new Parts(text.toString(), attachments, types);
    }

    private static void walk(Part part, StringBuilder text, Map<String, byte[]> attachments, Map<String, String> types) throws Exception {
        if (part.isMimeType("multipart/*")) {
            var multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), text, attachments, types);
            }
        } else if (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            var out = new ByteArrayOutputStream();
            part.getInputStream().transferTo(out);
            attachments.put(part.getFileName(), out.toByteArray());
            types.put(part.getFileName(), part.getContentType());
        } else if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        }
    }

    List<Deliveries.Delivery> deliveriesOf(UUID message) {
        return asCompany(() -> deliveries.of(message));
    }

    @Test
    void anEmailWaitsForTheAudioAndTranscriptionThenArrivesWithBoth() throws Exception {
        var put = owner.put("/api/v1/voicemail/settings", Map.of("email_enabled", true, "email_addresses", List.of(inbox),
                "attach_audio", true, "transcription_enabled", true));
        assertThat(put.json().get("warnings").findValuesAsString("message")).as("an SMTP server is set up")
                .doesNotContain(Mailboxes.NO_EMAIL_SERVER);
        var message = deposit(null, "+17735550123", 42);

        deliveries.deliverDue();
        assertThat(mailTo(inbox)).as("waits for the audio and the transcription").isEmpty();

        var audio = VoicemailSettingsApiTest.wav(2);
        asCompany(() -> voicemails.storeAudio(message, audio));
        deliveries.deliverDue();
        assertThat(mailTo(inbox)).as("still waits for the transcription").isEmpty();

        asCompany(() -> {
            voicemails.transcribed(message, "Hi, this is Dana, the kitchen sink is leaking again, please call me back.");
            return null;
        });
        deliveries.deliverDue();

        var mails = mailTo(inbox);
        assertThat(mails).hasSize(1);
        var mail = mails.getFirst();
        assertThat(mail.getFrom()[0].toString()).isEqualTo("voicemail@switchboard.test");
        assertThat(mail.getSubject()).contains("+1 773-555-0123").contains("0:42");
        var parts = parts(mail);
        assertThat(parts.text()).contains("the kitchen sink is leaking again")
                // noon in the company's timezone (17:00 or 18:00 UTC)
                .contains("Wed " + java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.US).format(noon) + ", 12:00 PM " + zone)
                .contains("0:42").contains("general mailbox").contains("The recording is attached.").contains("/voicemail#vm-" + message);
        assertThat(parts.attachments()).hasSize(1);
        var attachment = parts.attachments().entrySet().iterator().next();
        assertThat(attachment.getKey()).isEqualTo("voicemail-" + noon.toLocalDate() + "-1200.wav");
        assertThat(attachment.getValue()).isEqualTo(audio);
        assertThat(parts.types().get(attachment.getKey())).startsWith("audio/wav");

        var delivery = deliveriesOf(message).getFirst();
        assertThat(delivery.sentAt()).isEqualTo(clock.instant());
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.nextAttemptAt()).isNull();

        clock.advance(Duration.ofDays(1));
        deliveries.deliverDue();
        assertThat(mailTo(inbox)).as("sent once").hasSize(1);
    }

    @Test
    void anSmsGoesWithoutTheTranscriptionOnceTheWaitIsOver() {
        var from = businessNumber();
        var cell = randomNumber("+1773");
        settings(null, Map.of("sms_enabled", true, "sms_number", cell, "transcription_enabled", true));
        deposit(null, "+17735550123", 75);

        deliveries.deliverDue();
        assertThat(textsTo(cell)).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();
        var texts = textsTo(cell);
        assertThat(texts).hasSize(1);
        assertThat(texts.getFirst().from()).isEqualTo(from);
        assertThat(texts.getFirst().text()).isEqualTo("Voicemail from +1 773-555-0123, Wed 12:00PM " + zone + " (1:15)");
    }

    @Test
    void aCallerWhoHungUpAtTheBeepIsToldAsAMissedCallAtOnceNotAsANewVoicemail() throws Exception {
        businessNumber();
        var cell = randomNumber("+1773");
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", true,
                "transcription_enabled", true, "sms_enabled", true, "sms_number", cell));
        var message = deposit(null, "+17735550123", 1);
        var audio = VoicemailSettingsApiTest.wav(1);
        asCompany(() -> voicemails.storeAudio(message, audio));

        // Nothing to transcribe nor to listen to: no waiting for either.
        deliveries.deliverDue();
        var mails = mailTo(inbox);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getSubject()).isEqualTo("Missed call from +1 773-555-0123 (hung up at the beep)");
        var parts = parts(mails.getFirst());
        assertThat(parts.text()).contains("Missed call for the general mailbox").contains("hung up at the beep, leaving no message")
                .contains("Call them back").contains("/voicemail#vm-" + message).doesNotContain("New voicemail")
                .doesNotContain("Transcription").doesNotContain("transcription");
        assertThat(parts.attachments()).as("a second of silence is not attached").isEmpty();
        assertThat(textsTo(cell)).extracting(t -> t.text())
                .containsExactly("Missed call from +1 773-555-0123, Wed 12:00PM " + zone + " (hung up at the beep)");

        // Two seconds is a message.
        deposit(null, "+17735550124", 2);
        clock.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();
        assertThat(textsTo(cell)).extracting(t -> t.text()).last().asString().startsWith("Voicemail from +1 773-555-0124");
    }

    @Test
    void anSmsCarriesTheStartOfTheTranscriptionInOneSegment() {
        businessNumber();
        var cell = randomNumber("+1773");
        settings(null, Map.of("sms_enabled", true, "sms_number", cell, "transcription_enabled", true));
        var message = deposit(null, "+17735550123", 30);
        var words = "Hello this is Dana from Elm Street. The water heater in the basement started leaking overnight and "
                + "there is about an inch of water on the floor, can someone come out today?";
        asCompany(() -> {
            voicemails.transcribed(message, words);
            return null;
        });
        deliveries.deliverDue();

        var texts = textsTo(cell);
        assertThat(texts).hasSize(1);
        var text = texts.getFirst().text();
        assertThat(text).hasSizeLessThanOrEqualTo(160).startsWith("Voicemail from +1 773-555-0123, Wed 12:00PM " + zone + " (0:30): Hello this is Dana")
                .endsWith("...");
    }

    @Test
    void whenSmtpIsDownTheEmailIsRetriedWithBackoffAndDeliveredOnce() throws Exception {
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", false, "transcription_enabled", false));
        SMTP.stop();
        var message = deposit(null, "+17735550123", 10);

        deliveries.deliverDue();
        var failed = deliveriesOf(message).getFirst();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.sentAt()).isNull();
        assertThat(failed.lastError()).isNotBlank();
        assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofSeconds(59));
        deliveries.deliverDue();
        assertThat(deliveriesOf(message).getFirst().attempts()).as("not due yet").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        deliveries.deliverDue();
        var second = deliveriesOf(message).getFirst();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.nextAttemptAt()).as("twice as long").isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        SMTP.start();
        clock.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();
        deliveries.deliverDue();
        clock.advance(Duration.ofHours(12));
        deliveries.deliverDue();

        assertThat(mailTo(inbox)).hasSize(1);
        var sent = deliveriesOf(message).getFirst();
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(sent.sentAt()).isNotNull();
        assertThat(sent.lastError()).isNull();
    }

    @Test
    void aNotificationIsGivenUpAfterTheLastTryWithItsErrorKept() {
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", false, "transcription_enabled", false));
        SMTP.stop();
        var message = deposit(null, "+17735550123", 10);
        for (int i = 0; i < 12; i++) {
            deliveries.deliverDue();
            clock.advance(Duration.ofHours(7));
        }
        var given = deliveriesOf(message).getFirst();
        assertThat(given.attempts()).isEqualTo(10);
        assertThat(given.failedAt()).isNotNull();
        assertThat(given.nextAttemptAt()).isNull();
        assertThat(given.lastError()).isNotBlank();
        assertThat(asCompany(() -> voicemails.get(message))).as("the message itself is kept").isNotNull();
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    Mailboxes mailboxes;

    @Autowired
    dev.switchboard.directory.Members members;

    @Autowired
    dev.switchboard.directory.Customers customers;

    @Autowired
    dev.switchboard.tenancy.Companies companies;

    @Autowired
    org.springframework.beans.factory.ObjectProvider<SmsSender> sms;

    @Autowired
    VoicemailProperties properties;

    /**
     * With no email server configured (no spring.mail.host), the Voicemail tab tells the owner new-message emails wait and
     * go out once one is: they did not, each look counted as a failed try and the email was given up after ten (some eight
     * hours). It waits however long, no try counted, and goes once an email server is there.
     */
    @Test
    void withNoEmailServerAnEmailWaitsForOneInsteadOfBeingGivenUp() throws Exception {
        var noServer = new Deliveries(jdbc, mailboxes, members, customers, companies, media,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(org.springframework.mail.javamail.JavaMailSender.class),
                sms, properties, tx, clock);
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", false, "transcription_enabled", false));
        var message = deposit(null, "+17735550123", 10);
        for (int i = 0; i < 12; i++) {
            noServer.deliverDue();
            clock.advance(Duration.ofHours(7));
        }
        var waiting = deliveriesOf(message).getFirst();
        assertThat(waiting.failedAt()).as("not given up").isNull();
        assertThat(waiting.attempts()).as("no try counted").isZero();
        assertThat(waiting.lastError()).contains("no SMTP server configured");
        assertThat(waiting.nextAttemptAt()).isNotNull();

        // The server restarted with an email server: the waiting email goes out.
        clock.advance(Duration.ofMinutes(10));
        deliveries.deliverDue();
        assertThat(mailTo(inbox)).hasSize(1);
        assertThat(deliveriesOf(message).getFirst().sentAt()).isNotNull();
    }

    @Test
    void aMembersBoxNotifiesEveryAddressAndSaysWhoseBoxItIs() throws Exception {
        var ann = member("Ann Plumber");
        var other = "office-" + UUID.randomUUID() + "@plumbing.test";
        settings(ann, Map.of("email_enabled", true, "email_addresses", List.of(inbox, other), "attach_audio", false,
                "transcription_enabled", false));
        var message = deposit(ann, "+17735550123", 5);
        deliveries.deliverDue();
        assertThat(mailTo(inbox)).hasSize(1);
        assertThat(mailTo(other)).hasSize(1);
        assertThat(parts(mailTo(inbox).getFirst()).text()).contains("New voicemail for Ann Plumber at").contains("Listen to it in Switchboard")
                .as("the link opens Ann's box at the message, not the reader's own").contains("/voicemail?box=" + ann + "#vm-" + message);
    }

    @Test
    void aCallerLeavingAMessageThroughTheCarrierIsEmailedWithTheRecording() throws Exception {
        var number = businessNumber();
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", true, "transcription_enabled", true));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(10));
        caller.talkThenHangUp(Duration.ofSeconds(12));
        var message = asCompany(() -> voicemails.list((UUID) null)).getFirst();
        assertThat(message.mediaId()).as("the engine stored the recording").isNotNull();
        deliveries.deliverDue();
        assertThat(mailTo(inbox)).as("waits for a transcription").isEmpty();

        sim.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();
        var mails = mailTo(inbox);
        assertThat(mails).hasSize(1);
        var parts = parts(mails.getFirst());
        assertThat(parts.text()).contains("+1 773-555-0123").contains("The transcription was not ready");
        assertThat(parts.attachments().values()).containsExactly(asCompany(() -> media.bytes(message.mediaId())));
    }

    @Autowired
    dev.switchboard.media.Media media;

    /**
     * Two customers share the caller's number: Jane (the first with it) and her household, added later with an open job.
     * Routing goes by the household's job and the call log links the household; the notification names the household
     * too, not Jane.
     */
    @Test
    void theNotificationNamesTheCustomerTheCallIsLinkedToWhenTwoShareTheNumber() throws Exception {
        var number = businessNumber();
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", false, "transcription_enabled", false));
        var caller = randomNumber("+1773");
        var jane = owner.post("/api/v1/customers", Map.of("name", "Jane Doe", "phone_numbers", List.of(caller)));
        assertThat(jane.status()).as(jane.body()).isEqualTo(201);
        sim.advance(Duration.ofMinutes(1));
        var household = owner.post("/api/v1/customers", Map.of("name", "Doe Household", "phone_numbers", List.of(caller)));
        assertThat(household.status()).as(household.body()).isEqualTo(201);
        var householdId = household.json().get("id").asString();
        var job = owner.post("/api/v1/jobs", Map.of("customer_id", householdId, "title", "Boiler", "status", "SCHEDULED"));
        assertThat(job.status()).as(job.body()).isEqualTo(201);

        var call = sim.call(caller, number);
        sim.advance(Duration.ofSeconds(10));
        call.talkThenHangUp(Duration.ofSeconds(12));
        var logged = owner.get("/api/v1/call-logs?number=" + java.net.URLEncoder.encode(caller, java.nio.charset.StandardCharsets.UTF_8)).json();
        assertThat(logged.get(0).get("customer_id").asString()).as("the call log links the household").isEqualTo(householdId);
        deliveries.deliverDue();

        var mails = mailTo(inbox);
        assertThat(mails).as(logged.toString()).hasSize(1);
        assertThat(mails.getFirst().getSubject()).contains("Doe Household").doesNotContain("Jane Doe");
        assertThat(parts(mails.getFirst()).text()).contains("Doe Household").doesNotContain("Jane Doe");
        // The simulator's own work for the call (due 2 minutes on) is run now, not left for the next test's clock.
        sim.advance(Duration.ofMinutes(2));
    }

    @Test
    void workersRacingForTheSameNotificationsSendEachOnce() throws Exception {
        settings(null, Map.of("email_enabled", true, "email_addresses", List.of(inbox), "attach_audio", false, "transcription_enabled", false));
        var messages = new ArrayList<UUID>();
        for (int i = 0; i < 6; i++) {
            messages.add(deposit(null, "+1773555010" + i, 5));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var runs = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return deliveries.deliverDue();
                }));
            }
            start.countDown();
            for (var run : runs) {
                run.get();
            }
        }
        assertThat(mailTo(inbox)).hasSize(6);
        for (var message : messages) {
            assertThat(deliveriesOf(message).getFirst().attempts()).isEqualTo(1);
        }
    }

    @Test
    void aMessageOfAMemberWhoLeftIsToldToTheGeneralMailboxNotToThemOnceTheyAreGone() throws Exception {
        businessNumber();
        var ann = member("Ann Plumber");
        var annsCell = randomNumber("+1773");
        var office = randomNumber("+1773");
        settings(ann, Map.of("sms_enabled", true, "sms_number", annsCell, "transcription_enabled", true));
        settings(null, Map.of("sms_enabled", true, "sms_number", office, "transcription_enabled", true, "email_enabled", true,
                "email_addresses", List.of(inbox), "attach_audio", false));
        var toldAlready = deposit(ann, "+17735550123", 20);
        clock.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();
        assertThat(textsTo(annsCell)).hasSize(1);

        // A message still waiting for its transcription when Ann leaves the company: her phone is no longer the company's
        // to text a customer's message to; the office, whose box it is now, is told instead.
        var waiting = deposit(ann, "+17735550124", 30);
        assertThat(owner.delete("/api/v1/members/" + ann).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(2));
        deliveries.deliverDue();

        assertThat(textsTo(annsCell)).as("nothing more to the cell of someone who left").hasSize(1);
        assertThat(textsTo(office)).extracting(t -> t.text()).singleElement().asString()
                .startsWith("Voicemail from +1 773-555-0124");
        assertThat(deliveriesOf(waiting)).extracting(Deliveries.Delivery::destination).containsExactlyInAnyOrder(office, inbox);
        assertThat(parts(mailTo(inbox).getFirst()).text()).as("whose customer called")
                .contains("New voicemail for the general mailbox (left for Ann Plumber) at");
        assertThat(deliveriesOf(toldAlready)).as("what was told is kept, and not told twice")
                .extracting(Deliveries.Delivery::destination).containsExactly(annsCell);
    }

    @Test
    void aBoxWithoutNotificationsWritesNone() {
        var message = deposit(null, "+17735550123", 5);
        assertThat(deliveriesOf(message)).isEmpty();
    }

    List<TelnyxSimulator.Message> textsTo(String to) {
        return sim.messages().stream().filter(m -> m.to().equals(to)).toList();
    }
}
