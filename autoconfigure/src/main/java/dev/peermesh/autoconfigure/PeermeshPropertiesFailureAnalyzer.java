package dev.peermesh.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns a {@code peermesh.*} key that no property has (most often a typo, which Boot would otherwise ignore while the
 * node runs on the default) into Spring Boot's "APPLICATION FAILED TO START" report, naming the key, where it was
 * set, and the closest real key. {@link PeermeshProperties} refuses unknown keys ({@code ignoreUnknownFields =
 * false}); this analyzer runs ahead of Boot's own, which would only say the key was "left unbound".
 *
 * <p>Registered in {@code META-INF/spring.factories}; the value is not repeated, as a misspelt key may hold a password.
 */
public final class PeermeshPropertiesFailureAnalyzer
        extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

    private static final String PREFIX = "peermesh";

    private static final List<String> KNOWN_KEYS = collect(PeermeshProperties.class, PREFIX, new ArrayList<>());

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        ConfigurationPropertiesBindException binding =
                findCause(rootFailure, ConfigurationPropertiesBindException.class);
        if (binding != null && binding.getBeanType() != PeermeshProperties.class) {
            return null;
        }
        StringBuilder description = new StringBuilder();
        StringBuilder action = new StringBuilder("Correct or remove each key: ");
        for (ConfigurationProperty property : cause.getUnboundProperties()) {
            String key = property.getName().toString();
            if (!key.startsWith(PREFIX + ".")) {
                return null;
            }
            String closest = closest(key);
            description.append(description.isEmpty() ? "" : "\n").append("peermesh has no property ").append(key);
            if (property.getOrigin() != null) {
                description.append(" (set in ").append(property.getOrigin()).append(')');
            }
            description.append("; did you mean ").append(closest).append('?');
            action.append(key).append(" → ").append(closest).append(", ");
        }
        action.setLength(action.length() - 2);
        action.append(". Every property is listed in docs/starter.md and offered by IDE completion; an environment "
                + "variable PEERMESH_A_B sets peermesh.a.b, so a PEERMESH_ variable that is not a property fails too.");
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }

    /** Before Boot's own analyzer of unbound properties, which would not name the key to use. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Every {@code peermesh.*} key the starter binds, in kebab case. */
    static List<String> knownKeys() {
        return KNOWN_KEYS;
    }

    /** The known key nearest to {@code key}, comparing without separators so env-variable names match too. */
    static String closest(String key) {
        String bare = bare(key);
        return KNOWN_KEYS.stream()
                .min(Comparator.<String>comparingInt(known -> distance(bare, bare(known)))
                        .thenComparingInt(known -> distance(key, known)))
                .orElseThrow();
    }

    private static List<String> collect(Class<?> type, String prefix, List<String> keys) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            String key = prefix + "." + kebab(descriptor.getName());
            Class<?> value = descriptor.getPropertyType();
            // a group is one of this package's classes (Limits, ResolverProperties.Http, …); anything else a value
            if (value.getPackage() == PeermeshProperties.class.getPackage() && !value.isEnum()) {
                collect(value, key, keys);
            }
            else {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String bare(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
