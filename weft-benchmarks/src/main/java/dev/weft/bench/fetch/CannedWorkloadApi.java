package dev.weft.bench.fetch;

import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import io.grpc.stub.StreamObserver;

/**
 * A Workload API that answers {@code FetchX509SVID} with one fixed message and leaves the stream
 * open until the client cancels, as the agent does, but without attesting the caller or rendering
 * anything: the floor the agent's own work is measured against.
 */
final class CannedWorkloadApi extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {
  private final WorkloadProto.X509SVIDResponse answer;

  CannedWorkloadApi(WorkloadProto.X509SVIDResponse answer) {
    this.answer = answer;
  }

  @Override
  public void fetchX509SVID(
      WorkloadProto.X509SVIDRequest request, StreamObserver<WorkloadProto.X509SVIDResponse> out) {
    out.onNext(answer);
  }
}
