package dev.peermesh.stream;

import dev.peermesh.MeshNode;
import dev.peermesh.integration.MeshMessageMapper;
import dev.peermesh.integration.MeshPayloadCodec;
import dev.peermesh.stream.group.GroupMembership;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The binder's context ({@code META-INF/spring.binders}: {@code peermesh}): the binder on the application's
 * {@code MeshNode} (from the starter), the group membership with its heartbeat thread, and the health indicator.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PeermeshBinderProperties.class, PeermeshExtendedBindingProperties.class})
public class PeermeshBinderConfiguration {

    @Bean
    PeermeshProvisioner peermeshProvisioner() {
        return new PeermeshProvisioner();
    }

    @Bean(destroyMethod = "close")
    GroupMembership peermeshGroupMembership(MeshNode meshNode, PeermeshBinderProperties properties) {
        long heartbeat = properties.getGroupHeartbeatInterval().toMillis();
        long timeout = properties.getGroupMemberTimeout().toMillis();
        if (heartbeat < 10) {
            throw new InvalidConfigurationPropertyValueException(
                    "spring.cloud.stream.peermesh.binder.group-heartbeat-interval",
                    properties.getGroupHeartbeatInterval(), "give at least 10ms (1s by default)");
        }
        if (timeout < 2 * heartbeat) {
            throw new InvalidConfigurationPropertyValueException(
                    "spring.cloud.stream.peermesh.binder.group-member-timeout", properties.getGroupMemberTimeout(),
                    "a member must be allowed to miss a heartbeat: give at least twice group-heartbeat-interval ("
                            + 2 * heartbeat + "ms)");
        }
        if (properties.getMaxGroupMembers() < 1 || properties.getMaxGroupBacklog() < 1) {
            throw new InvalidConfigurationPropertyValueException("spring.cloud.stream.peermesh.binder."
                    + (properties.getMaxGroupMembers() < 1 ? "max-group-members" : "max-group-backlog"),
                    Math.min(properties.getMaxGroupMembers(), properties.getMaxGroupBacklog()), "give 1 or more");
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peermesh-stream-groups");
            thread.setDaemon(true);
            return thread;
        });
        return new GroupMembership(meshNode, new GroupMembership.Settings(properties.getGroupHeartbeatInterval(),
                properties.getGroupMemberTimeout(), properties.getMaxGroupMembers(), properties.getMaxGroupBacklog(),
                properties.getMaxGroupBacklogSize().toBytes()),
                () -> System.nanoTime() / 1_000_000, scheduler);
    }

    @Bean
    PeermeshMessageChannelBinder peermeshBinder(MeshNode meshNode, PeermeshProvisioner peermeshProvisioner,
            GroupMembership peermeshGroupMembership, PeermeshExtendedBindingProperties extended,
            ObjectProvider<MeshPayloadCodec> codec) {
        return new PeermeshMessageChannelBinder(meshNode, peermeshProvisioner, peermeshGroupMembership, extended,
                new MeshMessageMapper(codec.getIfAvailable(MeshPayloadCodec::new)));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        HealthIndicator peermeshBinderHealthIndicator(MeshNode meshNode, GroupMembership peermeshGroupMembership) {
            return new PeermeshBinderHealthIndicator(meshNode, peermeshGroupMembership);
        }
    }
}
