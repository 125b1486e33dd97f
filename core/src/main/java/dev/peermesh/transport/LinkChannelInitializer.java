package dev.peermesh.transport;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.FrameDecoder;
import dev.peermesh.FrameLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of one link, accepted or dialled.
 */
final class LinkChannelInitializer extends ChannelInitializer<Channel> {

    private final @Nullable PeerAddress dialled;

    private final NettyTransport transport;

    private final BiConsumer<Channel, Long> register;

    LinkChannelInitializer(@Nullable PeerAddress dialled, NettyTransport transport,
            BiConsumer<Channel, Long> register) {
        this.dialled = dialled;
        this.transport = transport;
        this.register = register;
    }

    @Override
    protected void initChannel(Channel channel) {
        long link = transport.nextLinkId();
        register.accept(channel, link);
        FrameLimits limits = transport.limits();
        ChannelPipeline pipeline = channel.pipeline();
        // Raw bytes in and out, before anything is decoded or after everything is encoded.
        pipeline.addLast("traffic", transport.traffic());
        // TLS with certificates required both ways, when the node has them.
        SslHandler tls = transport.tlsHandler(channel, dialled);
        if (tls != null) {
            pipeline.addLast("tls", tls);
        }
        // Length-prefixed frames in, within the limits; bad input becomes one DecodeFailure. Frames go out already
        // encoded (NettyTransport encodes a frame once for all the links it goes to) and flushed once per batch.
        // Until the handshake ends, frames are held to handshake size, so a stranger cannot make the node buffer a
        // whole maximum-size message.
        pipeline.addLast("decoder", new FrameDecoder(limits, FrameLimits.MAX_HANDSHAKE_FRAME_LENGTH));
        // Channel events to the node's protocol.
        pipeline.addLast("link", new LinkHandler(link, dialled, transport));
        // Whatever the node's owner added for diagnostics (nothing, normally).
        transport.linkExtension().accept(channel);
    }
}
