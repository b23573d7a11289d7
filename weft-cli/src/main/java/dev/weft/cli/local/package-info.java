/**
 * {@code weft up} and {@code weft down}: the local mesh on one machine, each trust domain's server
 * and agent as separate processes with their state under {@code ./.weft}.
 */
package dev.weft.cli.local;
