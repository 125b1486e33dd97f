/**
 * The client of peermesh's resolver server: registrations kept alive by leases, and peers resolved over HTTP.
 */
@NullMarked
package dev.peermesh.resolver.http;

import org.jspecify.annotations.NullMarked;
