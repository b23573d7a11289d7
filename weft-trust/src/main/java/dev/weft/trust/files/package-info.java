/** Files written whole or not at all: atomic replacement with fsync of the file and its directory. */
package dev.weft.trust.internal.files;
