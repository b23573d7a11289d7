package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import java.io.PrintStream;

/**
 * The two wire candidates alone, with no fabric on top: gRPC bidirectional streams ({@link
 * GrpcWire}) and length-prefixed frames on Netty ({@link FramesWire}), both mutual TLS 1.3 with
 * SVIDs on loopback, client and server in this JVM. Two figures each: one-way throughput of one
 * stream (same window as the pub/sub workload) and ping-pong latency over one established stream.
 * The lines are {@code fabric wire ...} and {@code fabric wire-pingpong ...}; the ratio is frames
 * over gRPC.
 */
final class WireComparison {
  static final String TRUST_DOMAIN = "wire.bench.weft";

  private WireComparison() {}

  static void run(Settings settings, PrintStream out) throws Exception {
    Pki pki = new Pki(TRUST_DOMAIN);
    Pki.Identity server = pki.issue("spiffe://" + TRUST_DOMAIN + "/server");
    Pki.Identity client = pki.issue("spiffe://" + TRUST_DOMAIN + "/client");
    byte[] body = settings.body();
    Workloads.Throughput grpcThroughput;
    Latencies grpcLatency;
    try (GrpcWire grpc = new GrpcWire(server.source(), client.source(), server.id())) {
      grpcThroughput =
          Workloads.pubSub(
              grpc.oneWay(),
              body,
              settings.warmupMessages(),
              settings.messages(),
              settings.window(),
              java.time.Duration.ofSeconds(10));
      grpcLatency =
          Workloads.reqRep(grpc.echo(), body, settings.warmupRequests(), settings.requests());
    }
    Workloads.Throughput framesThroughput;
    Latencies framesLatency;
    try (FramesWire frames = new FramesWire(server.source(), client.source(), server.id())) {
      out.println(
          "# wire: frames on "
              + FramesWire.describe()
              + "; gRPC "
              + io.grpc.Grpc.class.getPackage().getImplementationVersion()
              + " with grpc-netty-shaded");
      framesThroughput =
          Workloads.pubSub(
              frames.oneWay(),
              body,
              settings.warmupMessages(),
              settings.messages(),
              settings.window(),
              java.time.Duration.ofSeconds(10));
      framesLatency =
          Workloads.reqRep(frames.echo(), body, settings.warmupRequests(), settings.requests());
    }
    out.println(
        new Line("wire")
            .whole("grpc_msgs_per_s", grpcThroughput.perSecond())
            .whole("frames_msgs_per_s", framesThroughput.perSecond())
            .ratio(framesThroughput.perSecond(), grpcThroughput.perSecond()));
    double grpcP50 = grpcLatency.percentile(50) / 1e3;
    double framesP50 = framesLatency.percentile(50) / 1e3;
    out.println(
        new Line("wire-pingpong")
            .decimal("grpc_p50_us", grpcP50)
            .decimal("frames_p50_us", framesP50)
            .decimal("grpc_p99_us", grpcLatency.percentile(99) / 1e3)
            .decimal("frames_p99_us", framesLatency.percentile(99) / 1e3)
            .ratio(framesP50, grpcP50));
  }
}
