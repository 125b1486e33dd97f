/**
 * The Spring Cloud Stream binder of type {@code peermesh}: a binding's destination is a mesh topic, producers
 * publish to it ({@link dev.peermesh.stream.MeshProducerHandler}), consumers subscribe to it
 * ({@link dev.peermesh.stream.MeshConsumerEndpoint}), every instance getting every message unless the binding names
 * a group, whose members share the messages without a broker ({@link dev.peermesh.stream.group}).
 */
@NullMarked
package dev.peermesh.stream;

import org.jspecify.annotations.NullMarked;
