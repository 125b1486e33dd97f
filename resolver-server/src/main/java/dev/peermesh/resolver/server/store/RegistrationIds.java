package dev.peermesh.resolver.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Fresh registration ids: 128 random bits as 32 lower-case hex digits, so that ids cannot be guessed. */
final class RegistrationIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RegistrationIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
