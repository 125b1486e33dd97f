package dev.peermesh.resolver.server.api;

import java.net.URI;
import java.time.temporal.ChronoUnit;

import dev.peermesh.resolver.server.config.ResolverServerProperties;
import dev.peermesh.resolver.server.store.Registration;
import dev.peermesh.resolver.server.store.RegistrationStore;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Register, refresh, unregister and resolve ({@code docs/resolver-api.md}). The method names are the
 * {@code operation} tag of the request metric.
 *
 * <p>{@code POST /v1/meshes/orders/registrations}
 */
@RestController
@RequestMapping("/v1/meshes/{meshId}")
public class RegistrationController {

    private final RegistrationStore store;

    private final RequestRules rules;

    private final long leaseSeconds;

    RegistrationController(RegistrationStore store, RequestRules rules, ResolverServerProperties properties) {
        this.store = store;
        this.rules = rules;
        this.leaseSeconds = properties.getLease().toSeconds();
    }

    @PostMapping("/registrations")
    ResponseEntity<RegistrationResponse> register(@PathVariable String meshId,
            @RequestBody RegistrationRequest request,
            @RequestHeader(name = RequestRules.SECRET_HEADER, required = false) @Nullable String secret) {
        rules.meshId(meshId);
        Registration registration = store.register(meshId, rules.nodeId(request.nodeId()),
                rules.addresses(request.addresses()), rules.owner(secret));
        URI location = URI.create("/v1/meshes/" + meshId + "/registrations/" + registration.registrationId());
        return ResponseEntity.created(location).body(answer(registration));
    }

    @PutMapping("/registrations/{registrationId}")
    RegistrationResponse refresh(@PathVariable String meshId, @PathVariable String registrationId,
            @RequestBody RegistrationRequest request) {
        rules.meshId(meshId);
        rules.registrationId(registrationId);
        return answer(store.refresh(meshId, registrationId, rules.nodeId(request.nodeId()),
                rules.addresses(request.addresses())));
    }

    @DeleteMapping("/registrations/{registrationId}")
    ResponseEntity<Void> unregister(@PathVariable String meshId, @PathVariable String registrationId) {
        rules.meshId(meshId);
        rules.registrationId(registrationId);
        store.unregister(meshId, registrationId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/peers")
    PeersResponse resolve(@PathVariable String meshId, @RequestParam(required = false) @Nullable String max) {
        rules.meshId(meshId);
        return new PeersResponse(store.resolve(meshId, rules.max(max)));
    }

    private RegistrationResponse answer(Registration registration) {
        return new RegistrationResponse(registration.registrationId(), leaseSeconds,
                registration.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
