/** Helpers shared by the identity packages; not API, may change without notice. */
package dev.weft.identity.internal;
