/**
 * Assembles a running agent from its configuration file: identity from the Workload API, the
 * authorizer, the client, the server, observability.
 */
package dev.weft.agent.runtime;
