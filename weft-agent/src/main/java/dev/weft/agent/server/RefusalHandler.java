package dev.weft.agent.server;

import dev.weft.agent.observability.CallObserver;
import dev.weft.agent.observability.CallObserver.Refusal;
import io.helidon.http.DirectHandler;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the requests Helidon refuses before routing (bad framing, too large): as Helidon does,
 * except that headers over {@link ServerLimits#maxHeaderBytes()} are answered HTTP 431 (Helidon
 * says 400), and that refusals for size are counted ({@code weft_agent_requests_refused_total}).
 * Helidon closes the connection after each of these answers. Called on the connection's thread.
 */
final class RefusalHandler implements DirectHandler {

  /** Helidon's message when the headers of a request are over the limit. */
  static final String HEADERS_TOO_LARGE = "Header size exceeded";

  private static final Status HEADERS_TOO_LARGE_431 =
      Status.create(431, "Request Header Fields Too Large");

  private final CallObserver observer;

  RefusalHandler(CallObserver observer) {
    this.observer = observer;
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status defaultStatus,
      ServerResponseHeaders responseHeaders,
      String message) {
    Status status = defaultStatus;
    if (HEADERS_TOO_LARGE.equals(message)) {
      status = HEADERS_TOO_LARGE_431;
      observer.requestRefused(Refusal.HEADERS_TOO_LARGE);
    } else if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
      observer.requestRefused(Refusal.BODY_TOO_LARGE);
    } else if (status.code() == Status.REQUEST_URI_TOO_LONG_414.code()) {
      observer.requestRefused(Refusal.HEADERS_TOO_LARGE);
    }
    return DirectHandler.defaultHandler()
        .handle(request, eventType, status, responseHeaders, message);
  }
}
