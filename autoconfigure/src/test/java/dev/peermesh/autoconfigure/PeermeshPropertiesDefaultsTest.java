package dev.peermesh.autoconfigure;

import dev.peermesh.MeshSettings;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two configuration trees hold every default — {@link MeshSettings} for plain Java users, {@link PeermeshProperties}
 * for Spring users (and its metadata for their IDEs) — so a node configured by nothing but a mesh id must be the
 * same node either way.
 */
class PeermeshPropertiesDefaultsTest {

    @Test
    void defaultPropertiesMakeTheEnginesDefaultSettings() {
        PeermeshProperties properties = new PeermeshProperties();
        properties.setMeshId("defaults");

        MeshSettings fromProperties = MeshSettingsFactory.create(properties, List.of());

        assertThat(fromProperties).usingRecursiveComparison()
                .isEqualTo(MeshSettings.builder("defaults").build());
    }
}
