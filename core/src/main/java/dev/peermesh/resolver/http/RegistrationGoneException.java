package dev.peermesh.resolver.http;

import dev.peermesh.resolver.PeerResolverException;

/** The resolver server no longer knows a registration (its lease ran out, or the server lost its store). */
final class RegistrationGoneException extends PeerResolverException {

    private static final long serialVersionUID = 1L;

    RegistrationGoneException(String message) {
        super(message);
    }
}
