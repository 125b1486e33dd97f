/**
 * The client of peermesh's resolver server: registrations kept alive by leases, and peers resolved over HTTP.
 */
package dev.peermesh.resolver.http;
