package dev.peermesh.integration.dsl;

import dev.peermesh.MeshNode;

/**
 * Java DSL entry point for peermesh channel adapters.
 *
 * <pre>{@code
 * IntegrationFlow.from(Peermesh.inboundAdapter(node).topics("orders.*").payloadType(Order.class))
 *         .handle(orderService, "accept")
 *         .get();
 * IntegrationFlow.from("shipments").handle(Peermesh.outboundAdapter(node).topic("shipments")).get();
 * }</pre>
 */
public final class Peermesh {

    private Peermesh() {
    }

    /** An inbound adapter: mesh messages into a flow. */
    public static MeshInboundChannelAdapterSpec inboundAdapter(MeshNode node) {
        return new MeshInboundChannelAdapterSpec(node);
    }

    /** An outbound adapter: flow messages out to the mesh. */
    public static MeshMessageHandlerSpec outboundAdapter(MeshNode node) {
        return new MeshMessageHandlerSpec(node);
    }
}
