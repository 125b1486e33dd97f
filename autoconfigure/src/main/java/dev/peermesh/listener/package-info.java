/**
 * Receiving in Spring code: {@link dev.peermesh.listener.PeermeshListener} methods, found on beans by
 * {@link dev.peermesh.listener.PeermeshListenerAnnotationBeanPostProcessor}, each run by a
 * {@link dev.peermesh.listener.ListenerContainer} that {@link dev.peermesh.listener.PeermeshListenerRegistry}
 * starts and stops with the application.
 */
@NullMarked
package dev.peermesh.listener;

import org.jspecify.annotations.NullMarked;
