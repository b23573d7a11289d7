/**
 * Registration entries: which SPIFFE ID a workload gets, under which parent (agent), when its
 * selectors match. Entries are validated whole; an invalid entry is rejected with a message that
 * names the field.
 */
package dev.weft.trust.registration;
