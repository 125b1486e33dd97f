/**
 * Spring Boot auto-configuration of a peermesh node, its properties and its Spring Integration channels.
 */
package dev.peermesh.autoconfigure;
