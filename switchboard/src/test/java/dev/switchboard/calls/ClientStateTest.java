package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientStateTest {

    private final UUID company = UUID.randomUUID();
    private final UUID call = UUID.randomUUID();
    private final UUID member = UUID.randomUUID();

    @Test
    void aStateWeWroteReadsBackAsWritten() {
        var state = new ClientState(company, call, "MEMBER", member);
        assertThat(ClientState.decode(state.encode())).isEqualTo(state);
        assertThat(ClientState.decode(ClientState.stopping(state.encode()))).isEqualTo(new ClientState(company, call, "MEMBER", member, true));
        assertThat(ClientState.decode(new ClientState(company, call, "CALLER", null).encode()).memberId()).isNull();
    }

    @Test
    void aStateNamingARoleNoLegHasIsNotOurs() {
        // Found by ApiBadInputFuzzTest: a signed event whose state named the role "CALLERX" was taken as ours, and the
        // leg's write then failed the database's role check on every retry of the event.
        assertThat(ClientState.decode(company + "|" + call + "|CALLERX|")).isNull();
        assertThat(ClientState.decode(company + "|" + call + "|member|" + member)).isNull();
        assertThat(ClientState.decode(company + "|" + call + "||")).isNull();
    }

    @Test
    void textThatIsNotAStateIsNotOurs() {
        assertThat(ClientState.decode(null)).isNull();
        assertThat(ClientState.decode("")).isNull();
        assertThat(ClientState.decode("a|b")).isNull();
        assertThat(ClientState.decode(company + "|" + call + "|MEMBER|" + member + "|later")).isNull();
        assertThat(ClientState.decode("not-a-uuid|" + call + "|MEMBER|")).isNull();
    }
}
