package dev.peermesh.resolver.server.store;

/**
 * A store operation that the state of the store refuses: an unknown registration, another node's registration, or
 * a limit reached. Its message says what was wrong and what to do.
 *
 * <p>{@code catch (RegistrationRejectedException ex) { if (ex.reason() == Reason.MESH_FULL) ... }}
 */
public class RegistrationRejectedException extends RuntimeException {

    private final Reason reason;

    /** Creates the exception; {@code detail} is shown to the client. */
    public RegistrationRejectedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** Why the operation was refused. */
    public Reason reason() {
        return reason;
    }

    /** Why an operation was refused. */
    public enum Reason {

        /** The registration is unknown or its lease ran out. */
        UNKNOWN_REGISTRATION,

        /** The registration belongs to another node id. */
        OTHER_NODE,

        /** The node's live registration was made by another client (another registration secret, or none). */
        NOT_OWNER,

        /** The mesh holds {@code max-registrations-per-mesh} registrations already. */
        MESH_FULL,

        /** {@code max-meshes} meshes have registrations already. */
        TOO_MANY_MESHES
    }
}
