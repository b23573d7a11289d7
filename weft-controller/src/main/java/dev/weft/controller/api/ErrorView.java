package dev.weft.controller.api;

/** The body of every refused API request. */
public record ErrorView(String error) {}
