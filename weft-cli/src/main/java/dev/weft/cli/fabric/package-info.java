/**
 * {@code weft fabric ...}: run a fabric node, publish and subscribe from the shell, and list a
 * node's peers, routes and connections through its loopback admin endpoint (docs/fabric.md).
 */
package dev.weft.cli.fabric;
