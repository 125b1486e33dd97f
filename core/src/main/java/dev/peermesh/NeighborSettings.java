package dev.peermesh;

import static dev.peermesh.SettingChecks.range;

/**
 * How many neighbors a node keeps (properties {@code peermesh.neighbors.*}, {@link MeshSettings.Builder#neighbors}).
 *
 * <p>{@code if (neighbors.size() < settings.neighbors().min()) { repairNow(); }}
 *
 * @param min below this many neighbors the node repairs at once (1 to 64)
 * @param ideal the node dials until it has this many neighbors (min to 64)
 * @param max the node refuses links beyond this many neighbors (ideal to 64)
 */
public record NeighborSettings(int min, int ideal, int max) {

    public NeighborSettings {
        range("neighbors.min", min, 1, 64);
        range("neighbors.ideal", ideal, min, 64);
        range("neighbors.max", max, ideal, 64);
    }
}
