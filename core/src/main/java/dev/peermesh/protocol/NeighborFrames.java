package dev.peermesh.protocol;

import dev.peermesh.MeshSettings;
import dev.peermesh.Rejection;
import dev.peermesh.dissemination.Dissemination;
import dev.peermesh.log.PeerText;
import dev.peermesh.membership.Overlay;
import dev.peermesh.membership.Repair;
import dev.peermesh.protocol.link.Link;
import dev.peermesh.wire.Frame;
import dev.peermesh.wire.Reason;

/**
 * The frames of an established link, each handed to the part it concerns: messages and tree control to the
 * {@link Dissemination}, origin keys to the {@link Signatures}, shuffles and join walks to the {@link Overlay}, pings
 * answered, a DISCONNECT carried out. A neighbor over its frame rate loses its link.
 */
final class NeighborFrames {

    private final MeshSettings settings;
    private final Actions actions;
    private final Dissemination dissemination;
    private final Signatures signatures;
    private final Overlay overlay;
    private final Repair repair;
    private final Links links;
    private final ProtocolCounters counters;

    NeighborFrames(MeshSettings settings, Actions actions, Dissemination dissemination, Signatures signatures,
            Overlay overlay, Repair repair, Links links, ProtocolCounters counters) {
        this.settings = settings;
        this.actions = actions;
        this.dissemination = dissemination;
        this.signatures = signatures;
        this.overlay = overlay;
        this.repair = repair;
        this.links = links;
        this.counters = counters;
    }

    /** A frame arrived on an established link. */
    void onFrame(Link link, Frame frame) {
        if (!link.takeFrame()) {
            String detail = "more than " + settings.limits().linkFrameRate() + " frames per second (burst "
                    + settings.limits().linkFrameBurst() + ")";
            counters.reject(link.id(), Rejection.FRAME_RATE, detail);
            links.close(link, Reason.RATE_LIMITED, detail, true);
            return;
        }
        if (frame instanceof Frame.Data data) {
            dissemination.receive(link.id(), data);
        }
        else if (frame instanceof Frame.OriginKey key) {
            signatures.learn(link, key);
        }
        else if (frame instanceof Frame.Seal seal) {
            signatures.learn(link, seal);
        }
        else if (frame instanceof Frame.IHave || frame instanceof Frame.Graft || frame instanceof Frame.Prune
                || frame instanceof Frame.Pause || frame instanceof Frame.Resume || frame instanceof Frame.CatchUp
                || frame instanceof Frame.Replay || frame instanceof Frame.CaughtUp || frame instanceof Frame.Direct) {
            dissemination.receiveControl(link.id(), frame);
        }
        else if (frame instanceof Frame.Ping ping) {
            actions.send(link.id(), new Frame.Pong(ping.token()));
        }
        else if (frame instanceof Frame.Pong) {
            // heard; nothing else to do
        }
        else if (frame instanceof Frame.Shuffle shuffle) {
            overlay.onShuffle(link.id(), link.peerId(), shuffle);
        }
        else if (frame instanceof Frame.ShuffleReply reply) {
            overlay.onShuffleReply(link.id(), link.peerId(), reply);
        }
        else if (frame instanceof Frame.ForwardJoin walk) {
            overlay.onForwardJoin(link.id(), link.peerId(), walk);
        }
        else if (frame instanceof Frame.Disconnect disconnect) {
            onDisconnect(link, disconnect);
        }
        else {
            counters.protocolError();
            String detail = frame.type() + " is not expected on an established link";
            counters.reject(link.id(), Rejection.UNEXPECTED_FRAME, detail);
            links.close(link, Reason.PROTOCOL_ERROR, detail, true);
        }
    }

    private void onDisconnect(Link link, Frame.Disconnect disconnect) {
        repair.learn(disconnect.referrals(), link.id(), link.peerId());
        if (disconnect.reason() == Reason.DUPLICATE_LINK && links.handOver(link)) {
            return;
        }
        if (disconnect.reason() == Reason.LEAVING) {
            repair.left(link.peerAddress());
        }
        links.close(link, disconnect.reason(), "disconnected by peer: " + PeerText.escape(disconnect.detail()), false);
    }
}
