package dev.weft.controller.api;

/** {@code POST /v1/links}: link two registered nodes of one segment. */
public record LinkRequest(String a, String b) {}
