package dev.weft.controller.api;

/** A domain (SLIM's group name): nodes register into one, and it belongs to one segment. */
public record DomainView(String name, String segment, int nodes) {}
