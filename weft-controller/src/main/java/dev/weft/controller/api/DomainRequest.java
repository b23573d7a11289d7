package dev.weft.controller.api;

/** {@code POST /v1/domains}: create a domain in a segment, or move it to another. */
public record DomainRequest(String name, String segment) {}
