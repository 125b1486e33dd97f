package dev.peermesh.transport;

import dev.peermesh.PeerAddress;
import dev.peermesh.log.PeerText;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a link's pipeline: turns channel events into {@link LinkEvents}. One per channel.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LinkHandler.class);

    private final long link;

    private final @Nullable PeerAddress dialled;

    private final LinkEvents events;

    private final NettyTransport transport;

    private boolean congested;

    LinkHandler(long link, @Nullable PeerAddress dialled, NettyTransport transport) {
        this.link = link;
        this.dialled = dialled;
        this.transport = transport;
        this.events = transport.events();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        setCongested(!ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    private void setCongested(boolean now) {
        if (now != congested) {
            congested = now;
            transport.congestionChanged(now);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String remoteHost = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null ? remote.getAddress().getHostAddress() : null;
        events.onLinkOpened(link, dialled, remoteHost);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            Throwable cause = completion.cause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            // The message may quote the peer's certificate: escaped here, as peer text, for every later use.
            events.onTlsFailure(link, cause.getClass().getSimpleName() + ": " + PeerText.escape(cause.getMessage()));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame) {
            events.onFrame(link, frame);
        }
        else if (msg instanceof DecodeFailure failure) {
            log.debug("Link {} to {} sent bad input: {}", link, ctx.channel().remoteAddress(), failure.detail());
            events.onDecodeFailure(link, failure);
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        setCongested(false);
        events.onLinkClosed(link);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed TLS handshake also lands here, after its event; TLS failures are reported (and logged) there
        log.debug("Link {} to {} failed: {}", link, ctx.channel().remoteAddress(), PeerText.escape(cause));
        ctx.close();
    }
}
