package dev.peermesh.resolver.server.store;

import dev.peermesh.resolver.server.store.RegistrationRejectedException.Reason;

/** The refusals every store gives, with the same wording whichever store answers. */
final class Rejections {

    private Rejections() {
    }

    static RegistrationRejectedException unknown(String meshId, String registrationId) {
        return new RegistrationRejectedException(Reason.UNKNOWN_REGISTRATION, "Registration " + registrationId
                + " of mesh '" + meshId + "' is unknown or its lease ran out; register again with POST /v1/meshes/"
                + meshId + "/registrations");
    }

    static RegistrationRejectedException otherNode(String meshId, String registrationId, String nodeId) {
        return new RegistrationRejectedException(Reason.OTHER_NODE, "Registration " + registrationId + " of mesh '"
                + meshId + "' belongs to another node, not to " + nodeId
                + "; refresh the registration id your own register call returned");
    }

    static RegistrationRejectedException notOwner(String meshId, String nodeId) {
        return new RegistrationRejectedException(Reason.NOT_OWNER, "Node " + nodeId + " of mesh '" + meshId
                + "' is registered already, by a client with another registration secret (header "
                + "Peermesh-Registration-Secret) or none; only that client may replace its registration. Refresh or "
                + "unregister it with its registration id, or wait until its lease runs out");
    }

    static RegistrationRejectedException meshFull(String meshId, int max) {
        return new RegistrationRejectedException(Reason.MESH_FULL, "Mesh '" + meshId + "' already holds " + max
                + " registrations (peermesh.resolver-server.max-registrations-per-mesh); try again after some leases"
                + " run out, or raise the limit");
    }

    static RegistrationRejectedException tooManyMeshes(String meshId, int max) {
        return new RegistrationRejectedException(Reason.TOO_MANY_MESHES, "Cannot open mesh '" + meshId + "': "
                + max + " meshes already have registrations (peermesh.resolver-server.max-meshes); try again after"
                + " some leases run out, or raise the limit");
    }
}
