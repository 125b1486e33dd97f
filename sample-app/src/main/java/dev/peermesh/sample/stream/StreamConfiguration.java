package dev.peermesh.sample.stream;

import dev.peermesh.sample.SampleProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event streams of this node. */
@Configuration(proxyBeanMethods = false)
public class StreamConfiguration {

    @Bean
    EventStream eventStream(SampleProperties properties) {
        return new EventStream(properties.getStream());
    }
}
