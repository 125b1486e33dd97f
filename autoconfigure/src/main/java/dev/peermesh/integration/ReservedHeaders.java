package dev.peermesh.integration;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.history.MessageHistory;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * The header names Spring Messaging and Spring Integration keep for themselves ({@code id}, {@code timestamp},
 * {@code priority}, {@code correlationId}, {@code sequenceNumber}, …) and how mesh headers of those names cross into
 * Spring. Spring checks and interprets these headers ({@code priority} must be a number), so an application header
 * of such a name from a plain-Java publisher arrives as {@code peermesh_<name>}, and a Spring message sends a mesh
 * header of such a name by setting {@code peermesh_<name>}; Spring's own values of them stay in the application.
 * {@code contentType} is not reserved here: it carries the payload's content type both ways.
 *
 * <p>{@code ReservedHeaders.toSpring("priority")} is {@code "peermesh_priority"}.
 */
public final class ReservedHeaders {

    private static final Set<String> NAMES = names();

    private ReservedHeaders() {
    }

    /** Whether Spring keeps this header name for itself. */
    public static boolean isReserved(String name) {
        return NAMES.contains(name);
    }

    /** The Spring header name of a mesh header: {@code peermesh_<name>} for a reserved name, else the name. */
    public static String toSpring(String meshName) {
        return isReserved(meshName) ? MeshHeaders.PREFIX + meshName : meshName;
    }

    /**
     * The mesh header name of a Spring header, or {@code null} when the header does not travel: Spring's own
     * reserved headers and the {@code peermesh_} metadata stay, {@code peermesh_<reserved name>} travels as the
     * reserved name, anything else as it is. {@code contentType} is the caller's to map.
     */
    public static @Nullable String toMesh(String springName) {
        if (isReserved(springName) || springName.equals(MessageHeaders.CONTENT_TYPE)) {
            return null;
        }
        if (springName.startsWith(MeshHeaders.PREFIX)) {
            String name = springName.substring(MeshHeaders.PREFIX.length());
            return isReserved(name) ? name : null;
        }
        return springName;
    }

    /** Every name the two header accessors declare, so names a newer Spring adds are reserved without a change here. */
    private static Set<String> names() {
        Set<String> names = new HashSet<>();
        for (Class<?> declaring : new Class<?>[] {MessageHeaders.class, IntegrationMessageHeaderAccessor.class}) {
            for (Field field : declaring.getFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                    try {
                        names.add((String) field.get(null));
                    }
                    catch (IllegalAccessException ex) {
                        throw new IllegalStateException("Cannot read Spring's header name " + field, ex);
                    }
                }
            }
        }
        names.add(MessageHistory.HEADER_NAME);
        names.add(NativeMessageHeaderAccessor.NATIVE_HEADERS);
        names.remove(MessageHeaders.CONTENT_TYPE);
        return Set.copyOf(names);
    }
}
