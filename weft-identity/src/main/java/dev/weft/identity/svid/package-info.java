/**
 * X.509-SVIDs and JWT-SVIDs, and their verification against a {@link
 * dev.weft.identity.bundle.BundleSet}. Verification fails closed: anything not positively valid is
 * an {@link dev.weft.identity.svid.SvidException} naming the reason.
 */
package dev.weft.identity.svid;
