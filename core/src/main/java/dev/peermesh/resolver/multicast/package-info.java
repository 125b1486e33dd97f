/**
 * Zero-configuration discovery on a LAN: nodes announce themselves on a link-local UDP multicast group and answer
 * queries for their mesh, the job of PNRP's link-local cloud in WCF.
 */
@NullMarked
package dev.peermesh.resolver.multicast;

import org.jspecify.annotations.NullMarked;
