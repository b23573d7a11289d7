/** Not API: the transport and TLS set-up the node and the client share. */
package dev.weft.fabric.internal;
