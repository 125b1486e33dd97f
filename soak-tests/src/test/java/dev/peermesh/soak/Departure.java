package dev.peermesh.soak;

import dev.peermesh.MeshNode;

/** How a departing node goes. */
enum Departure {

    /** {@link MeshNode#abort()}: what a killed process does, every socket closed with nothing said. */
    CRASH {
        @Override
        void depart(MeshNode node) {
            node.abort();
        }
    },

    /** {@link MeshNode#stop()}: a graceful leave, neighbors told before the links close. */
    LEAVE {
        @Override
        void depart(MeshNode node) {
            node.stop();
        }
    };

    abstract void depart(MeshNode node);
}
