package dev.weft.controller;

/** The controller could not start: the message says what failed. */
public final class ControllerException extends Exception {
  private static final long serialVersionUID = 1L;

  public ControllerException(String message, Throwable cause) {
    super(message, cause);
  }
}
