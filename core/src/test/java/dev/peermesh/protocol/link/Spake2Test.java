package dev.peermesh.protocol.link;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Spake2Test {

    private static final HexFormat HEX = HexFormat.of();

    private static final SecureRandom RANDOM = new SecureRandom();

    // RFC 9382, Appendix B, the first P-256 vector (A = "server", B = "client", no AAD).
    private static final BigInteger W = scalar("2ee57912099d31560b3a44b1184b9b4866e904c49d12ac5042c97dca461b1a5f");
    private static final BigInteger X = scalar("43dd0fd7215bdcb482879fca3220c6a968e66d70b1356cac18bb26c84a78d729");
    private static final BigInteger Y = scalar("dcb60106f276b02606d8ef0a328c02e4b629f84f89786af5befb0bc75b6e66be");
    private static final String PA = "04a56fa807caaa53a4d28dbb9853b9815c61a411118a6fe516a8798434751470"
            + "f9010153ac33d0d5f2047ffdb1a3e42c9b4e6be662766e1eeb4116988ede5f912c";
    private static final String PB = "0406557e482bd03097ad0cbaa5df82115460d951e3451962f1eaf4367a420676"
            + "d09857ccbc522686c83d1852abfa8ed6e4a1155cf8f1543ceca528afb591a1e0b7";
    private static final String CA = "58ad4aa88e0b60d5061eb6b5dd93e80d9c4f00d127c65b3b35b1b5281fee38f0";
    private static final String CB = "d3e2e547f1ae04f2dbdbf0fc4b79f8ecff2dff314b5d32fe9fcef2fb26dc459b";

    private static final byte[] SERVER = "server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "client".getBytes(StandardCharsets.US_ASCII);

    private final Spake2 rfc = new Spake2(W, new byte[0]);

    @Test
    void reproducesTheSharesAndConfirmationsOfTheRfcVector() throws Exception {
        Spake2.Party a = rfc.start(true, X);
        Spake2.Party b = rfc.start(false, Y);
        assertThat(HEX.formatHex(a.share())).isEqualTo(PA);
        assertThat(HEX.formatHex(b.share())).isEqualTo(PB);

        a.finish(b.share(), SERVER, CLIENT);
        b.finish(a.share(), SERVER, CLIENT);

        assertThat(HEX.formatHex(a.confirmation())).isEqualTo(CA);
        assertThat(HEX.formatHex(b.confirmation())).isEqualTo(CB);
        assertThat(a.confirms(b.confirmation())).isTrue();
        assertThat(b.confirms(a.confirmation())).isTrue();
    }

    @Test
    void sidesWithDifferentPasswordsDoNotConfirmEachOther() throws Exception {
        Spake2.Party a = MeshKey.derive("m", "right horse").exchange().start(true, RANDOM);
        Spake2.Party b = MeshKey.derive("m", "wrong horse").exchange().start(false, RANDOM);
        a.finish(b.share(), SERVER, CLIENT);
        b.finish(a.share(), SERVER, CLIENT);
        assertThat(a.confirms(b.confirmation())).isFalse();
        assertThat(b.confirms(a.confirmation())).isFalse();
    }

    @Test
    void theMeshIdAndBothIdentitiesAreBoundIntoTheConfirmations() throws Exception {
        Spake2 mesh = MeshKey.derive("m", "right horse").exchange();
        Spake2.Party a = mesh.start(true, RANDOM);
        Spake2.Party b = mesh.start(false, RANDOM);
        a.finish(b.share(), SERVER, CLIENT);
        b.finish(a.share(), SERVER, "someone else".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.confirms(b.confirmation())).isFalse();

        Spake2.Party c = new Spake2(W, "mesh m".getBytes(StandardCharsets.UTF_8)).start(false, RANDOM);
        Spake2.Party d = new Spake2(W, "mesh n".getBytes(StandardCharsets.UTF_8)).start(true, RANDOM);
        c.finish(d.share(), SERVER, CLIENT);
        d.finish(c.share(), SERVER, CLIENT);
        assertThat(d.confirms(c.confirmation())).isFalse();
    }

    @Test
    void sharesThatAreNoPointOfTheGroupOrCancelTheMaskAreRefused() {
        Spake2.Party a = rfc.start(true, X);
        byte[] offCurve = HEX.parseHex(PB);
        offCurve[64] ^= 1;
        assertThatThrownBy(() -> a.finish(offCurve, SERVER, CLIENT)).isInstanceOf(Spake2.BadShare.class);
        assertThatThrownBy(() -> a.finish(new byte[Spake2.SHARE_LENGTH], SERVER, CLIENT))
                .isInstanceOf(Spake2.BadShare.class);
        assertThatThrownBy(() -> a.finish(new byte[] {0}, SERVER, CLIENT)).isInstanceOf(Spake2.BadShare.class);
        // w·N itself: subtracting the mask leaves the identity, which would make the key guessable.
        Spake2.Party b = rfc.start(false, BigInteger.ZERO);
        assertThatThrownBy(() -> a.finish(b.share(), SERVER, CLIENT)).isInstanceOf(Spake2.BadShare.class);
        assertThat(a.confirms(new byte[Spake2.CONFIRMATION_LENGTH])).isFalse();
    }

    private static BigInteger scalar(String hex) {
        return new BigInteger(1, HEX.parseHex(hex));
    }
}
