package dev.peermesh.autoconfigure;

import dev.peermesh.messaging.WhenAlone;

/**
 * The {@code PeermeshTemplate} ({@code peermesh.template.*}).
 *
 * <p>{@code peermesh.template.when-alone=publish}
 */
public class TemplateProperties {

    /**
     * What a publish, send or request does while the node has no neighbor: wait for one (at most
     * peermesh.publish-timeout, then fail), publish anyway (to the node's own listeners; the receipt says 0
     * neighbors), or fail at once.
     */
    private WhenAlone whenAlone = WhenAlone.WAIT;

    public WhenAlone getWhenAlone() {
        return whenAlone;
    }

    public void setWhenAlone(WhenAlone whenAlone) {
        this.whenAlone = whenAlone;
    }
}
