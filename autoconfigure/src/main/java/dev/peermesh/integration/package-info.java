/**
 * Spring Integration support for mesh messages: header names and payload conversion.
 */
package dev.peermesh.integration;
