package dev.peermesh.stream.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.bus.BusProperties;
import org.springframework.cloud.bus.event.Destination;
import org.springframework.cloud.bus.event.RefreshRemoteApplicationEvent;
import org.springframework.cloud.bus.event.RemoteApplicationEvent;
import org.springframework.cloud.bus.jackson.RemoteApplicationEventScan;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Bus over the peermesh binder, no broker running: a custom remote application event published by one
 * service reaches the {@code @EventListener}s of the two others, once each; a bus refresh refreshes the others.
 */
class BusOverMeshTest {

    @Test
    void aRemoteApplicationEventReachesEveryOtherService() {
        try (dev.peermesh.stream.StreamAppsAccess apps = new dev.peermesh.stream.StreamAppsAccess("bus-mesh")) {
            List<ConfigurableApplicationContext> services = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                services.add(apps.start(BusApp.class, Map.of("spring.cloud.bus.enabled", "true")));
            }
            await().until(() -> services.stream().allMatch(apps::online));

            ConfigurableApplicationContext first = services.get(0);
            String origin = first.getBean(BusProperties.class).getId();
            Destination everyone = first.getBean(Destination.Factory.class).getDestination(null);
            first.publishEvent(new OrderShipped(first, origin, everyone, "o-42"));

            for (ConfigurableApplicationContext other : services.subList(1, 3)) {
                List<OrderShipped> heard = other.getBean(BusApp.class).heard;
                await().until(() -> heard.size() == 1);
                assertThat(heard.get(0).getOrderId()).isEqualTo("o-42");
                assertThat(heard.get(0).getOriginService()).isEqualTo(origin);
            }
        }
    }

    @Test
    void aBusRefreshReachesEveryOtherService() {
        try (dev.peermesh.stream.StreamAppsAccess apps = new dev.peermesh.stream.StreamAppsAccess("bus-refresh")) {
            List<ConfigurableApplicationContext> services = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                services.add(apps.start(BusApp.class, Map.of("spring.cloud.bus.enabled", "true")));
            }
            await().until(() -> services.stream().allMatch(apps::online));

            ConfigurableApplicationContext first = services.get(0);
            first.publishEvent(new RefreshRemoteApplicationEvent(first, first.getBean(BusProperties.class).getId(),
                    first.getBean(Destination.Factory.class).getDestination(null)));

            for (ConfigurableApplicationContext other : services.subList(1, 3)) {
                BusApp app = other.getBean(BusApp.class);
                await().until(() -> app.refreshed.size() == 1);
            }
        }
    }

    /** A service with the bus, a listener for the custom event, and one for refreshes. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @RemoteApplicationEventScan(basePackageClasses = BusOverMeshTest.class)
    static class BusApp {

        final List<OrderShipped> heard = new CopyOnWriteArrayList<>();

        final List<RefreshScopeRefreshedEvent> refreshed = new CopyOnWriteArrayList<>();

        @EventListener
        void on(OrderShipped event) {
            heard.add(event);
        }

        @EventListener
        void on(RefreshScopeRefreshedEvent event) {
            refreshed.add(event);
        }
    }

    /** A custom remote event: an order shipped. */
    public static class OrderShipped extends RemoteApplicationEvent {

        private String orderId;

        @JsonCreator // with -parameters Jackson would otherwise read through the constructor below
        public OrderShipped() {
            // for the bus's JSON mapping
        }

        public OrderShipped(Object source, String originService, Destination destination, String orderId) {
            super(source, originService, destination);
            this.orderId = orderId;
        }

        public String getOrderId() {
            return orderId;
        }

        public void setOrderId(String orderId) {
            this.orderId = orderId;
        }
    }
}
