package dev.peermesh.resolver.dns;

import dev.peermesh.MeshNode;
import dev.peermesh.resolver.LoopbackNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real nodes that know nothing but a DNS name find each other through a real DNS server: SRV records with a port
 * per node, and A records of several loopback addresses sharing one port (the docker-compose and Kubernetes
 * headless-service case).
 */
class DnsMeshTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    void fourNodesFormOneMeshFromSrvRecordsAlone() {
        String service = "_peermesh._tcp.orders." + Dnsmasq.DOMAIN;
        Dnsmasq.Records records = Dnsmasq.with().host("peers." + Dnsmasq.DOMAIN, "127.0.0.1");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int port = LoopbackNodes.freePort();
            ports.add(port);
            records.srv(service, "peers." + Dnsmasq.DOMAIN, port);
        }
        try (Dnsmasq dns = records.start();
                DnsPeerResolver resolver = new DnsPeerResolver(DnsSettings.builder(service)
                        .servers(List.of(dns.server())).searchDomains(List.of()).build());
                LoopbackNodes nodes = new LoopbackNodes("orders")) {
            List<MeshNode> mesh = new ArrayList<>();
            for (int port : ports) {
                mesh.add(nodes.start(port, resolver));
            }
            await().atMost(SETTLE).until(() -> LoopbackNodes.connected(mesh));
            assertThat(mesh).allSatisfy(node -> assertThat(node.state().neighbors()).isNotEmpty());
        }
    }

    @Test
    void fourNodesOnOnePortFormOneMeshFromTheAddressesOfAServiceName() {
        int port = LoopbackNodes.freePort();
        List<String> hosts = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        try (Dnsmasq dns = Dnsmasq.with().host("orders." + Dnsmasq.DOMAIN, hosts.toArray(String[]::new)).start();
                DnsPeerResolver resolver = new DnsPeerResolver(DnsSettings.builder("orders").port(port)
                        .servers(List.of(dns.server())).searchDomains(List.of(Dnsmasq.DOMAIN)).build());
                LoopbackNodes nodes = new LoopbackNodes("orders")) {
            List<MeshNode> mesh = new ArrayList<>();
            for (String host : hosts) {
                mesh.add(nodes.start(host, port, resolver));
            }
            await().atMost(SETTLE).until(() -> LoopbackNodes.connected(mesh));
        }
    }
}
