/**
 * The controller's persistent state: segments, domains, registered nodes, explicit links, each
 * node's subscriptions and the routes the controller installed on it. {@link
 * dev.weft.controller.state.ControllerStore#open} keeps it in SQLite (a file; the default) or
 * PostgreSQL, through the trust server's store plumbing ({@link dev.weft.trust.store.Database}),
 * with its own tables ({@code controller_*}) and schema history table ({@code
 * controller_schema_history}), so a controller and a trust server can share one database. A
 * restarted controller reads back everything it wrote.
 */
package dev.weft.controller.state;
