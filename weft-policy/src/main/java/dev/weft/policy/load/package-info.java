/**
 * Loading policies and data from disk the way OPA's {@code -d} and bundle directories do: {@link
 * dev.weft.policy.load.PolicyLoader} reads files, directories and bundles into a {@link
 * dev.weft.policy.load.LoadedPolicy}, which compiles into a {@link dev.weft.policy.PolicySnapshot};
 * {@link dev.weft.policy.load.PolicyWatcher} reloads them when they change.
 */
package dev.weft.policy.load;
