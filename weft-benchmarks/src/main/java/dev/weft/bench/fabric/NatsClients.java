package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/** The NATS side's throughput and latency, driven by jnats over mutual TLS. */
final class NatsClients {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final SSLContext tls;

  NatsClients(int port, SSLContext tls) {
    this.port = port;
    this.tls = tls;
  }

  /** One publisher connection to one subscriber connection (a dispatcher counting messages). */
  Workloads.Throughput pubSub(byte[] body, long warmup, long messages, int window)
      throws Exception {
    Connection publisher = connect("bench-pub");
    Connection subscriber = connect("bench-sub");
    try {
      AtomicLong received = new AtomicLong();
      Dispatcher dispatcher = subscriber.createDispatcher(message -> received.incrementAndGet());
      dispatcher.setPendingLimits(-1, -1);
      dispatcher.subscribe("bench.pubsub");
      subscriber.flush(TIMEOUT);
      Workloads.Stream stream =
          new Workloads.Stream() {
            @Override
            public void publish(byte[] b) {
              publisher.publish("bench.pubsub", b);
            }

            @Override
            public long received() {
              return received.get();
            }
          };
      return Workloads.pubSub(stream, body, warmup, messages, window, TIMEOUT);
    } finally {
      publisher.close();
      subscriber.close();
    }
  }

  /** A requester connection and a responder connection answering each request with its body. */
  Latencies reqRep(byte[] body, int warmup, int requests) throws Exception {
    Connection requester = connect("bench-req");
    Connection responder = connect("bench-rep");
    try {
      Dispatcher dispatcher =
          responder.createDispatcher(
              message -> responder.publish(message.getReplyTo(), message.getData()));
      dispatcher.subscribe("bench.reqrep");
      responder.flush(TIMEOUT);
      return Workloads.reqRep(
          b -> {
            Message reply = requester.request("bench.reqrep", b, TIMEOUT);
            if (reply == null || reply.getData().length != b.length) {
              throw new IOException(
                  "nats request: no reply of " + b.length + " bytes within " + TIMEOUT);
            }
          },
          body,
          warmup,
          requests);
    } finally {
      requester.close();
      responder.close();
    }
  }

  private Connection connect(String name) throws IOException, InterruptedException {
    Options options =
        new Options.Builder()
            .server("tls://localhost:" + port)
            .sslContext(tls)
            .connectionName(name)
            .connectionTimeout(TIMEOUT)
            .noReconnect()
            .build();
    return Nats.connect(options);
  }
}
