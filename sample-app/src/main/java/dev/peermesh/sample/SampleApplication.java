package dev.peermesh.sample;

import dev.peermesh.sample.demo.DemoCluster;
import dev.peermesh.sample.demo.LocalMeshDemo;

import java.security.Security;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts one sample node, or with the first argument {@code demo} a whole demo mesh on loopback, or with
 * {@code engine} a few plain {@code MeshNode}s without Spring.
 *
 * <p>{@code java -jar peermesh-sample-app.jar --peermesh.resolver.static.seeds=10.0.0.5:7400}
 * <p>{@code java -jar peermesh-sample-app.jar demo 4 60}
 * <p>{@code java -jar peermesh-sample-app.jar engine 6 20}
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /**
     * Runs a node with these Spring Boot arguments, or {@code demo [nodes] [seconds]} for a demo mesh, or
     * {@code engine [nodes] [seconds]} for the engine alone.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("demo")) {
            DemoCluster.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("engine")) {
            // Before any Spring start-up: the engine demo runs on plain MeshNodes only.
            LocalMeshDemo.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        forgetFailedLookups();
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * Peers are addressed by name in containers ({@code node4:7400}), and a JVM remembers a failed name lookup for
     * 10 s ({@code networkaddress.cache.negative.ttl} in {@code java.security}; the system property
     * {@code sun.net.inetaddr.negative.ttl} does not override it): after a network cut heals, each redial of a peer
     * across it would fail from the cache for up to 10 s more. The node asks again each time instead, unless the
     * operator chose a value with {@code -Dpeermesh.sample.dns-negative-ttl}.
     */
    static void forgetFailedLookups() {
        Security.setProperty("networkaddress.cache.negative.ttl",
                System.getProperty("peermesh.sample.dns-negative-ttl", "0"));
    }
}
