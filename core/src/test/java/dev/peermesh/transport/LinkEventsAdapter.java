package dev.peermesh.transport;

import dev.peermesh.PeerAddress;
import dev.peermesh.wire.DecodeFailure;
import dev.peermesh.wire.Frame;

import org.jspecify.annotations.Nullable;

/** {@link LinkEvents} that ignore everything, for tests to override only the events they watch. */
abstract class LinkEventsAdapter implements LinkEvents {

    @Override
    public void onLinkOpened(long link, @Nullable PeerAddress dialled, @Nullable String remoteHost) {
    }

    @Override
    public void onDialFailed(PeerAddress address, String cause) {
    }

    @Override
    public void onFrame(long link, Frame frame) {
    }

    @Override
    public void onDecodeFailure(long link, DecodeFailure failure) {
    }

    @Override
    public void onBacklogOverflow(long link) {
    }

    @Override
    public void onLinkClosed(long link) {
    }
}
