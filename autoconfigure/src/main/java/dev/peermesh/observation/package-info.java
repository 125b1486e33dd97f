/**
 * Micrometer observations of the Spring programming model: {@code peermesh.publish} around what
 * {@link dev.peermesh.messaging.PeermeshTemplate} sends, {@code peermesh.receive} around each
 * {@link dev.peermesh.listener.PeermeshListener} call, with the trace context carried in the message's W3C
 * {@code traceparent} header so a receive span on another node is a child of the publish span.
 */
@NullMarked
package dev.peermesh.observation;

import org.jspecify.annotations.NullMarked;
