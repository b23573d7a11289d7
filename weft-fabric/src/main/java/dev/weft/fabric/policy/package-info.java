/**
 * Authorization of subscribe and publish: the built-in Rego policy (a resource) and {@link
 * dev.weft.fabric.policy.FabricAuthorization}, which asks the policy through a decision point.
 */
package dev.weft.fabric.policy;
