package dev.peermesh.sim;

import dev.peermesh.MeshSettings;
import dev.peermesh.PropagationFilter;
import dev.peermesh.dissemination.DisseminationFactory;
import dev.peermesh.dissemination.Disseminations;
import dev.peermesh.dissemination.DuplicateCache;
import dev.peermesh.dissemination.Flooding;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The dissemination strategies the simulator can run, by the name {@code --mode} and the tests use. The one place
 * that maps a mode to its {@link DisseminationFactory}: a new strategy is one more constant.
 *
 * <p>{@code DisseminationFactory factory = Mode.parse("flood").factory(settings);}
 */
enum Mode {

    /**
     * Epidemic broadcast trees (Plumtree), the production default, sized by the node's settings: a new origin's
     * first messages follow the node's default tree ({@code peermesh.tree.new-origins=follow-tree}).
     */
    TREE(settings -> Disseminations.of(settings, PropagationFilter.ALL)),

    /**
     * The trees with {@code peermesh.tree.new-origins=flood}: a new origin's first messages go to every link and
     * the duplicates prune its own shortest-path tree.
     */
    TREE_NEW_FLOOD(settings -> Disseminations.of(settings, PropagationFilter.ALL)),

    /**
     * WCF's flooding: every new message to every neighbor but the one it came from; delivered in the order of the
     * settings, as a node does.
     */
    FLOOD(settings -> Disseminations.ordered(settings,
            sink -> new Flooding(duplicateCache(settings), PropagationFilter.ALL, sink)));

    private final Function<MeshSettings, DisseminationFactory> factory;

    Mode(Function<MeshSettings, DisseminationFactory> factory) {
        this.factory = factory;
    }

    /** The factory a node with these settings uses. */
    DisseminationFactory factory(MeshSettings settings) {
        return factory.apply(settings);
    }

    /** The mode's name as {@code --mode} takes it. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode called {@code name}, in any case. */
    static Mode parse(String name) {
        for (Mode mode : values()) {
            if (mode.label().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown dissemination mode '" + name + "'; use one of "
                + Arrays.stream(values()).map(Mode::label).toList());
    }

    /** A duplicate cache sized as a production node sizes it: idle time counted in maintenance ticks. */
    static DuplicateCache duplicateCache(MeshSettings settings) {
        long idleTicks = Math.max(1, settings.duplicateCache().maxIdle().toMillis()
                / settings.maintenanceInterval().toMillis());
        return new DuplicateCache(settings.duplicateCache().origins(), idleTicks);
    }
}
