package dev.peermesh.protocol.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsSentTest {

    @Test
    void eachOriginsKeyGoesOutOnceUntilItCouldNotBeSent() {
        CredentialsSent sent = new CredentialsSent(4096);

        assertThat(sent.needsKey(42)).isTrue();
        assertThat(sent.needsKey(42)).isFalse();
        sent.keyNotSent(42);
        assertThat(sent.needsKey(42)).as("not sent after all: asked again").isTrue();
        assertThat(sent.needsKey(42)).isFalse();
    }

    @Test
    void aSealGoesOutOnceAndAgainOnlyWhenAnotherOfItsOriginWentBetween() {
        CredentialsSent sent = new CredentialsSent(4096);

        assertThat(sent.needsSeal(42, 1)).isTrue();
        assertThat(sent.needsSeal(42, 1)).isFalse();
        assertThat(sent.needsSeal(42, 513)).isTrue();
        assertThat(sent.needsSeal(42, 1)).as("a message pulled from the older seal").isTrue();
    }

    @Test
    void manyOriginsInterleavedSendEachKeyAndSealExactlyOnce() {
        CredentialsSent sent = new CredentialsSent(4096);
        int keys = 0;
        int seals = 0;
        for (int message = 0; message < 5; message++) {
            for (long origin = 1; origin <= 1000; origin++) {
                keys += sent.needsKey(origin) ? 1 : 0;
                seals += sent.needsSeal(origin, 7) ? 1 : 0;
            }
        }

        assertThat(keys).as("one key per origin, though origins share the table in front").isEqualTo(1000);
        assertThat(seals).isEqualTo(1000);
    }
}
