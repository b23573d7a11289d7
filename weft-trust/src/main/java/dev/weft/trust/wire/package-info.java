/**
 * Conversions between the trust plane's domain types and their protobuf messages on the node and
 * admin APIs. Conversions from the wire validate, so bad input never reaches the domain.
 */
package dev.weft.trust.wire;
