/**
 * The chat: messages published through the starter's {@code peermeshOutbound} channel, and a bounded history of
 * those that arrive on {@code peermeshInbound}.
 */
@NullMarked
package dev.peermesh.sample.chat;

import org.jspecify.annotations.NullMarked;
