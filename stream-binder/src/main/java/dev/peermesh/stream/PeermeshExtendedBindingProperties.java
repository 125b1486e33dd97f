package dev.peermesh.stream;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The bindings' peermesh properties: {@code spring.cloud.stream.peermesh.bindings.<name>.consumer|producer.*}, with
 * defaults for every binding under {@code spring.cloud.stream.peermesh.default.*}.
 */
@ConfigurationProperties("spring.cloud.stream.peermesh")
public class PeermeshExtendedBindingProperties extends AbstractExtendedBindingProperties<PeermeshConsumerProperties,
        PeermeshProducerProperties, PeermeshBindingProperties> {

    private static final String DEFAULTS_PREFIX = "spring.cloud.stream.peermesh.default";

    @Override
    public String getDefaultsPrefix() {
        return DEFAULTS_PREFIX;
    }

    @Override
    public Map<String, PeermeshBindingProperties> getBindings() {
        return doGetBindings();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return PeermeshBindingProperties.class;
    }
}
