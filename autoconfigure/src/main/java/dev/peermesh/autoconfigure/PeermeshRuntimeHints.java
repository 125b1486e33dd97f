package dev.peermesh.autoconfigure;

import dev.peermesh.integration.ReservedHeaders;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What the starter reflects on or loads by name, for an AOT-processed or native application: the public header-name
 * constants {@link ReservedHeaders} reads from Spring's header classes, and Jackson's {@code JsonMapper}, which the
 * payload codec looks up by name. {@code @PeermeshListener} methods and their payload and return types are
 * registered by the annotation itself ({@code @Reflective} with Spring Messaging's processor); the properties by
 * Boot's own processing of {@code @ConfigurationProperties}.
 */
class PeermeshRuntimeHints implements RuntimeHintsRegistrar {

    /** The classes whose public {@code String} constants name Spring's reserved headers. */
    static final String[] HEADER_CLASSES = {"org.springframework.messaging.MessageHeaders",
        "org.springframework.integration.IntegrationMessageHeaderAccessor"};

    /** Jackson 3's mapper, looked up by name to find out whether JSON is available. */
    static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String type : HEADER_CLASSES) {
            if (ClassUtils.isPresent(type, classLoader)) {
                hints.reflection().registerType(TypeReference.of(type), MemberCategory.ACCESS_PUBLIC_FIELDS);
            }
        }
        hints.reflection().registerType(TypeReference.of(JSON_MAPPER));
    }
}
