/**
 * The controller's northbound JSON API: the documents it serves (one record per kind, written and
 * read with {@link dev.weft.controller.api.Json}) and {@link
 * dev.weft.controller.api.ControllerClient}, which calls it over mutual TLS or its local socket.
 */
package dev.weft.controller.api;
