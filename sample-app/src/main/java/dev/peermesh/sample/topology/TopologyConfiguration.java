package dev.peermesh.sample.topology;

import dev.peermesh.MeshNode;
import dev.peermesh.sample.SampleProperties;
import dev.peermesh.sample.stream.EventStream;

import java.time.Clock;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The topology reports: the map of the mesh, its codec and the reporter. */
@Configuration(proxyBeanMethods = false)
public class TopologyConfiguration {

    @Bean
    TopologyMap topologyMap(SampleProperties properties) {
        SampleProperties.Topology topology = properties.getTopology();
        if (topology.getMaxNodes() < 1) {
            throw new InvalidConfigurationPropertyValueException("sample.topology.max-nodes", topology.getMaxNodes(),
                    "Keep at least 1 node");
        }
        if (topology.getExpiry().compareTo(topology.getInterval()) <= 0) {
            throw new InvalidConfigurationPropertyValueException("sample.topology.expiry", topology.getExpiry(),
                    "Make it longer than sample.topology.interval (" + topology.getInterval()
                            + "), or nodes vanish between their reports");
        }
        return new TopologyMap(Clock.systemUTC(), topology.getExpiry(), topology.getMaxNodes());
    }

    @Bean
    ReportCodec reportCodec(JsonMapper jsonMapper) {
        return new ReportCodec(jsonMapper);
    }

    @Bean
    TopologyReporter topologyReporter(MeshNode node, TopologyMap map, ReportCodec codec, EventStream stream,
            SampleProperties properties) {
        SampleProperties.Topology topology = properties.getTopology();
        return new TopologyReporter(node, map, codec, stream, topology.getTopic(), topology.getInterval(),
                properties.getPublicUrl());
    }
}
