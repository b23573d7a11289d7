/**
 * Workload attestation: what the node agent can tell about a local caller from the kernel, as
 * {@link dev.weft.trust.registration.Selector}s that registration entries are matched against.
 * {@link dev.weft.trust.attestation.UnixAttestor} derives {@code unix:*} selectors from a unix
 * socket peer's credentials and its {@code /proc} entry. Attestation fails closed: facts that
 * cannot be confirmed to belong to the caller are left out or the attestation fails, never guessed.
 */
package dev.weft.trust.attestation;
