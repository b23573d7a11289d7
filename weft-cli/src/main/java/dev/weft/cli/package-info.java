/** The {@code weft} command: the operator's surface over every Weft plane (picocli). */
package dev.weft.cli;
