package dev.peermesh.autoconfigure;

import dev.peermesh.DeliveryOrder;
import dev.peermesh.DisseminationMode;
import dev.peermesh.InvalidSettingException;
import dev.peermesh.MeshSettings;
import dev.peermesh.FrameLimits;
import dev.peermesh.TreeSettings;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds a node's {@link MeshSettings} from {@link PeermeshProperties}. A value the engine refuses fails start-up
 * with the property's name, its value and what is allowed.
 */
final class MeshSettingsFactory {

    private MeshSettingsFactory() {
    }

    static MeshSettings create(PeermeshProperties properties, List<MeshSettingsCustomizer> customizers) {
        try {
            if (properties.getMeshId() == null || properties.getMeshId().isBlank()) {
                throw new InvalidSettingException("mesh-id", null, "every node needs the id of the mesh to join; set "
                        + "peermesh.mesh-id (for example peermesh.mesh-id=orders), or peermesh.enabled=false");
            }
            PeermeshProperties.Limits limits = properties.getLimits();
            FrameLimits frameLimits = new FrameLimits(bytes("max-message-size", properties.getMaxMessageSize()),
                    limits.getTopicLength(), limits.getHeaders(), limits.getHeaderNameLength(),
                    limits.getHeaderValueLength());
            MeshSettings.Builder builder = MeshSettings.builder(properties.getMeshId())
                    .port(properties.getPort())
                    .bindAddress(properties.getBindAddress());
            advertisedAddress(builder, properties.getAdvertisedAddress());
            builder.password(properties.getPassword())
                    .neighbors(properties.getNeighbors().getMin(), properties.getNeighbors().getIdeal(),
                            properties.getNeighbors().getMax())
                    .frameLimits(frameLimits)
                    .handshakeTimeout(properties.getHandshakeTimeout())
                    .connectTimeout(properties.getConnectTimeout())
                    .keepalive(properties.getKeepalive().getInterval(), properties.getKeepalive().getMisses())
                    .maintenanceInterval(properties.getMaintenanceInterval())
                    .passiveViewSize(properties.getPassiveViewSize())
                    .resolveBatch(properties.getResolver().getBatchSize())
                    .resolverRefreshInterval(properties.getResolver().getRefreshInterval())
                    .duplicateCache(properties.getDuplicateCache().getOrigins(),
                            properties.getDuplicateCache().getMaxIdle())
                    .maxPendingHandshakes(limits.getMaxPendingHandshakes())
                    .maxPendingHandshakesPerAddress(limits.getMaxPendingHandshakesPerAddress())
                    .linkFrameRate(limits.getLinkFrameRate(), limits.getLinkFrameBurst())
                    .referralRate(limits.getReferralRate(), limits.getReferralBurst())
                    .passiveViewPeersPerNeighbor(limits.getPassiveViewPeersPerNeighbor())
                    .maxPendingPublishes(limits.getMaxPendingPublishes())
                    .maxPendingPublishBytes(limits.getMaxPendingPublishBytes().toBytes())
                    .maxReorderBytes(limits.getMaxReorderBytes().toBytes())
                    .maxPendingRequests(limits.getMaxPendingRequests())
                    .maxSealBytes(limits.getMaxSealBytes().toBytes())
                    .sealMessages(properties.getSecurity().getSignatures().isSeal())
                    .sealInterval(properties.getSecurity().getSignatures().getSealInterval())
                    .sealCheckRate(properties.getSecurity().getSignatures().getSealCheckRate())
                    .maxDirectLinks(limits.getMaxDirectLinks())
                    .socketBuffers(bytes("limits.socket-send-buffer", limits.getSocketSendBuffer()),
                            bytes("limits.socket-receive-buffer", limits.getSocketReceiveBuffer()))
                    .maxPendingAsyncPublishes(limits.getMaxPendingAsyncPublishes())
                    .maxPendingDeliveries(limits.getMaxPendingDeliveries())
                    .maxLinkBacklogBytes(bytes("limits.max-link-backlog", limits.getMaxLinkBacklog()))
                    .linkHighWaterBytes(bytes("limits.link-high-water", limits.getLinkHighWater()))
                    .leaveTimeout(properties.getLeaveTimeout())
                    .publishTimeout(properties.getPublishTimeout())
                    .stampSendTime(properties.isStampSendTime())
                    .dissemination(DisseminationMode.valueOf(properties.getDissemination().name()))
                    .ordering(DeliveryOrder.valueOf(properties.getOrdering().name()))
                    .tree(properties.getTree().getGraftTimeout(), properties.getTree().getGraftRetry(),
                            properties.getTree().getAnnounceInterval(), properties.getTree().getMaxGraftAttempts())
                    .messageCache(properties.getMessageCache().getCount(),
                            properties.getMessageCache().getBytes().toBytes(),
                            properties.getMessageCache().getMaxAge())
                    .catchUp(properties.getCatchUp().toSettings())
                    .repairWindow(properties.getRepairWindow())
                    .shuffleInterval(properties.getShuffleInterval())
                    .joinWalkLength(properties.getJoinWalkLength())
                    .dialBackoff(properties.getDialBackoff().getInitial(), properties.getDialBackoff().getMax())
                    .lostPeers(properties.getDialBackoff().getLostPeers(),
                            properties.getDialBackoff().getLostPeerRetry(),
                            properties.getDialBackoff().getLostPeerRetention())
                    .isolationWarning(properties.getIsolationWarning())
                    .adaptiveGraftWait(properties.getTree().isAdaptiveGraftWait())
                    .newOrigins(TreeSettings.NewOrigins.valueOf(properties.getTree().getNewOrigins().name()));
            if (properties.getTree().getPayloadBacklogCap() != null) {
                builder.payloadBacklogCapBytes(bytes("tree.payload-backlog-cap",
                        properties.getTree().getPayloadBacklogCap()));
            }
            customizers.forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }
        catch (InvalidSettingException ex) {
            // The engine quotes the mesh id in its own message; the property error quotes values itself.
            Object value = "mesh-id".equals(ex.setting()) ? properties.getMeshId() : ex.value();
            throw new InvalidConfigurationPropertyValueException("peermesh." + ex.setting(), value, ex.reason());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("peermesh", null, ex.getMessage());
        }
    }

    private static void advertisedAddress(MeshSettings.Builder builder, @Nullable String address) {
        try {
            builder.advertisedAddress(address);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSettingException("advertised-address", address, ex.getMessage());
        }
    }

    private static int bytes(String property, org.springframework.util.unit.DataSize size) {
        long value = size.toBytes();
        if (value > Integer.MAX_VALUE) {
            throw new InvalidSettingException(property, size, "at most " + Integer.MAX_VALUE + " bytes");
        }
        return (int) value;
    }
}
