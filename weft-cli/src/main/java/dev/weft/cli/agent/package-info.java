/** The agent commands: {@code weft call}, {@code weft agent run} and {@code weft agent card}. */
package dev.weft.cli.agent;
