/**
 * What the trust server's listeners share: counting and logging the connections they close early.
 */
package dev.weft.trust.internal.net;
