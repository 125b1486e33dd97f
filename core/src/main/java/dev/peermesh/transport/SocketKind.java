package dev.peermesh.transport;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which sockets a node's links use: Linux's native epoll where its library loads (fewer copies and system calls),
 * Java's NIO everywhere else, or when {@code -Dpeermesh.transport.native=false} asks for NIO.
 */
enum SocketKind {

    EPOLL, NIO;

    /** Epoll when it is available and not turned off, NIO otherwise. */
    static SocketKind best() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("peermesh.transport.native", "true"));
        return wanted && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Made only when asked for: epoll's factory fails where its native library does not load. */
    IoHandlerFactory handlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends Channel> link() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends ServerChannel> listener() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
