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
 * IntegrationFlow.from(Peermesh.inboundGateway(node).topics("quote")).handle(quotes, "price").get();
 * IntegrationFlow.from("quotes").handle(Peermesh.outboundGateway(node).topic("quote")).channel("prices").get();
 * }</pre>
 */
public final class Peermesh {

    private Peermesh() {
    }

    /** An inbound adapter: mesh messages into a flow. */
    public static MeshInboundChannelAdapterSpec inboundAdapter(MeshNode node) {
        return new MeshInboundChannelAdapterSpec(node);
    }

    /** An inbound gateway: mesh requests into a flow, whose replies go back to the requesters. */
    public static MeshInboundGatewaySpec inboundGateway(MeshNode node) {
        return new MeshInboundGatewaySpec(node);
    }

    /** An outbound gateway: flow messages out as mesh requests, the first reply back into the flow. */
    public static MeshOutboundGatewaySpec outboundGateway(MeshNode node) {
        return new MeshOutboundGatewaySpec(node);
    }

    /** An outbound adapter: flow messages out to the mesh. */
    public static MeshMessageHandlerSpec outboundAdapter(MeshNode node) {
        return new MeshMessageHandlerSpec(node);
    }
}
