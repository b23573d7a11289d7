/**
 * The fabric controller: the southbound control channel nodes register on, the northbound JSON API,
 * and the wiring between the topology engine, the store and the nodes.
 */
package dev.weft.controller;
