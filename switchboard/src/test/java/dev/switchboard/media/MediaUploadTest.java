package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.support.WebClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Uploads a person or a program may send that are not what they say: each refused, naming what is wrong, storing nothing. */
class MediaUploadTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.springframework.boot.web.server.context.WebServerApplicationContext server;

    /** A one-second WAV (8 kHz, 16-bit mono) with its header changed: {@code at} is the byte offset of the field. */
    static byte[] wavWith(Consumer<ByteBuffer> change) throws Exception {
        var bytes = TestAudio.wav();
        change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    private long mediaFiles(WebClient web) {
        var company = CompanyId.of(web.companyId());
        return TenantContext.callAs(company, () -> tx.execute(s -> jdbc
                .sql("select count(*) from media_files where company_id = :c").param("c", company.value()).query(Long.class).single()));
    }

    private ApiClient apiOf(WebClient web) {
        return api().login(web.email(), "correct-horse");
    }

    @Test
    void aWavWhoseHeaderLiesIsRefusedSayingSoAndNothingIsStored() throws Exception {
        var web = newCompanyOwner("Lying Headers Co");
        var owner = apiOf(web);

        // The data chunk says an hour (57.6 MB of samples) in a file of 16 KB: it was taken as an hour-long greeting.
        var hour = owner.upload("/api/v1/media", "file", "hour.wav", "audio/wav", wavWith(b -> b.putInt(40, 16000 * 3600)));
        assertThat(hour.status()).as(hour.body()).isEqualTo(422);
        assertThat(hour.errorField()).isEqualTo("file");
        assertThat(hour.body()).contains("cut short").contains("3600 seconds").contains("1.0 seconds").contains("hour.wav");

        // The header alone, no sample after it: it was stored as a one-second greeting that plays nothing.
        var headerOnly = owner.upload("/api/v1/media", "file", "empty.wav", "audio/wav", Arrays.copyOf(TestAudio.wav(), 44));
        assertThat(headerOnly.status()).as(headerOnly.body()).isEqualTo(422);
        assertThat(headerOnly.body()).contains("no audio in it");

        // A sample rate of 1 Hz: it was taken as 8000 seconds of audio.
        var oneHertz = owner.upload("/api/v1/media", "file", "slow.wav", "audio/wav", wavWith(b -> b.putInt(24, 1).putInt(28, 2)));
        assertThat(oneHertz.status()).as(oneHertz.body()).isEqualTo(422);
        assertThat(oneHertz.body()).contains("sample rate of 1 Hz");

        // Refused before as well, and still: a sample rate of 0, no channels.
        assertThat(owner.upload("/api/v1/media", "file", "zero.wav", "audio/wav", wavWith(b -> b.putInt(24, 0))).status()).isEqualTo(422);
        assertThat(owner.upload("/api/v1/media", "file", "mute.wav", "audio/wav", wavWith(b -> b.putShort(22, (short) 0))).status())
                .isEqualTo(422);
        assertThat(mediaFiles(web)).isZero();

        // On the voicemail page the same words, and no greeting saved.
        web.get("/settings/communications/phone/voicemail");
        var page = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "hour.wav", "audio/wav",
                wavWith(b -> b.putInt(40, 16000 * 3600)), "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("is a WAV file cut short");
        assertThat(mediaFiles(web)).isZero();

        var whole = owner.upload("/api/v1/media", "file", "hello.wav", "audio/wav", TestAudio.wav());
        assertThat(whole.status()).as(whole.body()).isEqualTo(201);
        assertThat(whole.json().get("file").get("duration_millis").asLong()).isEqualTo(1000);
    }

    @Test
    void anUploadWhoseFileNameCannotBeReadIsRefusedNamingTheNameNotAServerError() throws Exception {
        var web = newCompanyOwner("Odd Names Co");
        var owner = apiOf(web);

        // The NUL character in the name: a 500 before.
        var nul = owner.upload("/api/v1/media", "file", "hello\u0000.wav", "audio/wav", TestAudio.wav());
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.body()).contains("NUL character");
        web.get("/settings/communications/phone/voicemail");
        var page = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "hello\u0000.wav", "audio/wav",
                TestAudio.wav(), "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("the file&#39;s name contains the NUL character");

        // A name of 5000 characters: a blank 413 ("too large") before, for a file of 16 KB.
        var endless = owner.upload("/api/v1/media", "file", "x".repeat(5000) + ".wav", "audio/wav", TestAudio.wav());
        assertThat(endless.status()).as(endless.body()).isEqualTo(400);
        assertThat(endless.body()).contains("name is too long");
        assertThat(mediaFiles(web)).isZero();

        // The longest name a computer gives a file (255 characters), in Japanese (765 bytes): refused as too large before.
        var longest = owner.upload("/api/v1/media", "file", "\u6328".repeat(251) + ".wav", "audio/wav", TestAudio.wav());
        assertThat(longest.status()).as(longest.body()).isEqualTo(201);
    }

    @Test
    void anUploadToTheApiWithoutATokenIsRefusedBeforeItsPartsAreRead() throws Exception {
        // Anyone can send this: its parts (up to 20 MB sent without a length, written to disk) were read before the
        // token was checked, so a name with the NUL character was answered 400 naming it, to a client with no token.
        var nobody = api();
        var nul = nobody.upload("/api/v1/media", "file", "hello\u0000.wav", "audio/wav", TestAudio.wav());
        assertThat(nul.status()).as(nul.body()).isEqualTo(401);
        var bad = nobody.withToken("sbk_not-a-token").upload("/api/v1/media", "file", "x".repeat(5000) + ".wav", "audio/wav",
                TestAudio.wav());
        assertThat(bad.status()).as(bad.body()).isEqualTo(401);
    }

    @Test
    void anUploadOverTheMultipartLimitIsRefusedSayingTheLimit() throws Exception {
        var web = newCompanyOwner("Big Files Co");
        var owner = apiOf(web);
        // Sent without a length, past the API's own length check: a 413 with no body before.
        var chunked = owner.uploadChunked("/api/v1/media", "file", "concert.wav", "audio/wav", new byte[22_000_000]);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.errorField()).isEqualTo("file");
        assertThat(chunked.body()).contains("larger than 20 MB");

        web.get("/settings/communications/phone/voicemail");
        var page = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "concert.wav", "audio/wav",
                new byte[22_000_000], "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(page.status()).isEqualTo(413);
        assertThat(page.body()).contains("audio files are at most 5 MB");
        assertThat(mediaFiles(web)).isZero();
    }

    @Test
    void aFileFarOverTheLimitOnAPageStillGetsThePageSayingSoUpToTheSwallowSize() throws Exception {
        var web = newCompanyOwner("Studio Files Co");
        web.get("/settings/communications/phone/voicemail");
        // 38 MB, nearly twice the limit: refused before any of it is read (its length is over the limit), and the
        // server reads the rest (up to server.tomcat.max-swallow-size, 40 MB) so that a client that reads the answer
        // only after sending the whole file (this one) gets it; with Tomcat's default (2 MB) it got "connection reset".
        var page = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "studio.wav", "audio/wav",
                new byte[38_000_000], "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(page.status()).isEqualTo(413);
        assertThat(page.body()).contains("audio files are at most 5 MB").contains("</html>");
        assertThat(mediaFiles(web)).isZero();

        // Past 40 MB the server stops reading and closes the connection (it read up to 200 MB of anyone's upload before).
        // Whether a client then still sees the page depends on its timing, so the bound is checked on Tomcat itself.
        var tomcat = ((org.springframework.boot.tomcat.TomcatWebServer) server.getWebServer()).getTomcat();
        assertThat(tomcat.getConnector().getProperty("maxSwallowSize")).isEqualTo(40 * 1024 * 1024);
    }
}
