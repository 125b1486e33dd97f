package dev.peermesh;

import static dev.peermesh.SettingChecks.range;

import dev.peermesh.wire.Frame;

/**
 * Limits that keep one peer or one burst from overwhelming a node (properties {@code peermesh.limits.*}; the
 * {@link MeshSettings.Builder} method of the same name sets each). The frame-size limits are in {@link FrameLimits}.
 *
 * <p>{@code if (pending >= settings.limits().maxPendingHandshakes()) { refuse(); }}
 *
 * @param maxPendingHandshakes most inbound links that may be authenticating at once
 * @param maxPendingHandshakesPerAddress most inbound links from one IP address that may be authenticating at once;
 *        never more than {@code maxPendingHandshakes}
 * @param linkFrameRate frames per second a neighbor may send on average; a neighbor that sends faster, beyond
 *        {@code linkFrameBurst}, is disconnected. Counted over maintenance intervals
 * @param linkFrameBurst frames a neighbor may send at once beyond its {@code linkFrameRate}
 * @param referralRate peers per second a neighbor may offer on average in shuffles and join walks; what it offers
 *        beyond that and {@code referralBurst} is ignored
 * @param referralBurst peers a neighbor may offer at once beyond its {@code referralRate}
 * @param passiveViewPeersPerNeighbor most passive-view entries that only one neighbor vouches for; never more than
 *        {@link MeshSettings#passiveViewSize()}. A neighbor that offers more replaces its own oldest ones, so no
 *        single neighbor fills the view with fake peers
 * @param maxPendingPublishes most publishes waiting for the node's protocol thread; past it, publishers wait (up to
 *        {@link MeshSettings#publishTimeout()}) and then fail with back-pressure
 * @param maxPendingDeliveries messages and events waiting for subscribers: at half, the node stops reading and
 *        publishing until a quarter is left; beyond four times (at least 16,384), they are dropped and counted
 * @param maxLinkBacklogBytes most bytes queued for one neighbor before it is disconnected as too slow
 * @param linkHighWaterBytes bytes queued for one neighbor past which the link is congested: publishes are held,
 *        and publishers wait (up to {@link MeshSettings#publishTimeout()}), until it drains below half of it
 * @param maxPendingAsyncPublishes most {@link MeshNode#publishAsync(String, byte[], java.util.Map) publishAsync}
 *        calls waiting for the node to take their message while it holds publishes back; one more fails its future
 *        with back-pressure at once
 * @param maxPendingPublishBytes most payload bytes of the publishes waiting for the node's protocol thread, beside
 *        {@code maxPendingPublishes}: past it, publishers wait as for a full queue. At least
 *        {@link MeshSettings#maxMessageSize()} ({@link MeshSettings.Builder#build()} checks). The
 *        {@code publishAsync} calls waiting hold at most as many bytes again (one more fails its future with
 *        back-pressure at once)
 * @param maxReorderBytes most bytes of messages held back, on all origins together, because an earlier message of
 *        their origin is missing ({@link DeliveryOrder#FIFO}; a message counts its payload and 128 bytes): past it,
 *        the oldest gap is reported lost and the messages behind it are delivered. At least
 *        {@link MeshSettings#maxMessageSize()} ({@link MeshSettings.Builder#build()} checks)
 * @param maxPendingRequests most requests and sends to one node waiting for their replies or receipts at once; one
 *        more fails at once with back-pressure
 * @param maxDirectLinks most direct links (messages for one node sent straight to it when it is no neighbor),
 *        dialled and accepted together; one more is refused, or not dialled (the message goes through the mesh)
 * @param socketSendBufferBytes the kernel's send buffer of each link's socket ({@code SO_SNDBUF}); 0 leaves it to
 *        the operating system, which on Linux grows it to megabytes. Kept small, what a busy link cannot send yet
 *        waits in the node, where it counts towards {@code linkHighWaterBytes} and holds publishes back, rather than
 *        in the kernel, where it delays everything behind it unseen: a tree's announcements then overtook its
 *        payloads by more than the graft timeout and a saturated mesh pulled what was only queued
 *        (docs/benchmarks.md). A link carries at most about this many bytes per round trip: raise both buffers
 *        (or set 0) for links with long round trips
 * @param socketReceiveBufferBytes the kernel's receive buffer of each link's socket ({@code SO_RCVBUF}); 0 leaves
 *        it to the operating system (on Linux up to {@code net.ipv4.tcp_rmem}'s maximum, often 6–32 MB)
 * @param maxSealBytes most bytes of seals (signatures over runs of an origin's messages) a node keeps, its own and
 *        its peers', to check sealed messages and to send each seal before the messages it covers; the oldest go
 *        first, and a message whose seal went is neither checked nor sent sealed from here (a neighbor gets it from
 *        another). A full seal of 512 messages takes about 16.6 KiB
 */
public record LimitSettings(int maxPendingHandshakes, int maxPendingHandshakesPerAddress, int linkFrameRate,
        int linkFrameBurst, int referralRate, int referralBurst, int passiveViewPeersPerNeighbor,
        int maxPendingPublishes, int maxPendingDeliveries, int maxLinkBacklogBytes, int linkHighWaterBytes,
        int maxPendingAsyncPublishes, long maxPendingPublishBytes, long maxReorderBytes,
        int maxPendingRequests, int maxDirectLinks, int socketSendBufferBytes, int socketReceiveBufferBytes,
        long maxSealBytes) {

    public LimitSettings {
        range("limits.max-pending-handshakes", maxPendingHandshakes, 1, 100_000);
        range("limits.max-pending-handshakes-per-address", maxPendingHandshakesPerAddress, 1, 100_000);
        maxPendingHandshakesPerAddress = Math.min(maxPendingHandshakesPerAddress, maxPendingHandshakes);
        range("limits.link-frame-rate", linkFrameRate, 10, 100_000_000);
        range("limits.link-frame-burst", linkFrameBurst, 10, 1_000_000_000);
        range("limits.referral-rate", referralRate, 1, 100_000);
        if (referralBurst < Frame.MAX_REFERRALS || referralBurst > 1_000_000) {
            throw new InvalidSettingException("limits.referral-burst", referralBurst, "allowed: "
                    + Frame.MAX_REFERRALS + " (the referrals one frame may carry) to 1000000");
        }
        range("limits.passive-view-peers-per-neighbor", passiveViewPeersPerNeighbor, 1, 10_000);
        range("limits.max-pending-publishes", maxPendingPublishes, 1, 10_000_000);
        range("limits.max-pending-deliveries", maxPendingDeliveries, 1, 10_000_000);
        range("limits.max-link-backlog", maxLinkBacklogBytes, 1024, Integer.MAX_VALUE);
        range("limits.link-high-water", linkHighWaterBytes, 1024, maxLinkBacklogBytes / 2);
        range("limits.max-pending-async-publishes", maxPendingAsyncPublishes, 0, 10_000_000);
        if (maxPendingPublishBytes < 1024 || maxPendingPublishBytes > 1L << 40) {
            throw new InvalidSettingException("limits.max-pending-publish-bytes", maxPendingPublishBytes,
                    "allowed: 1024 to 1099511627776 (1 TiB)");
        }
        range("limits.max-pending-requests", maxPendingRequests, 1, 10_000_000);
        range("limits.max-direct-links", maxDirectLinks, 0, 10_000);
        socketBuffer("limits.socket-send-buffer", socketSendBufferBytes);
        socketBuffer("limits.socket-receive-buffer", socketReceiveBufferBytes);
        if (maxSealBytes < 65_536 || maxSealBytes > 1L << 40) {
            throw new InvalidSettingException("limits.max-seal-bytes", maxSealBytes,
                    "allowed: 65536 (64 KiB) to 1099511627776 (1 TiB)");
        }
        if (maxReorderBytes < 1024 || maxReorderBytes > 1L << 40) {
            throw new InvalidSettingException("limits.max-reorder-bytes", maxReorderBytes,
                    "allowed: 1024 to 1099511627776 (1 TiB)");
        }
    }

    private static void socketBuffer(String property, int bytes) {
        if (bytes != 0 && (bytes < 4096 || bytes > 1 << 30)) {
            throw new InvalidSettingException(property, bytes,
                    "allowed: 0 (the operating system's own) or 4096 to 1073741824 (1 GiB)");
        }
    }
}
