/**
 * Who a node knows and may dial: the referral cache and the cool-down of peers that failed.
 */
package dev.peermesh.membership;
