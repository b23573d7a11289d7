package dev.weft.controller.api;

/**
 * An explicit link between two nodes ({@code weft fabric link add}).
 *
 * @param state {@code active} when both nodes are connected, else {@code waiting}
 */
public record LinkView(String a, String b, String state) {}
