package dev.weft.trust.uds;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A one-method test service that answers with the caller's peer credentials as text. */
final class WhoAmI {
  static final MethodDescriptor<String, String> METHOD =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.WhoAmI/Ask")
          .setRequestMarshaller(new Utf8())
          .setResponseMarshaller(new Utf8())
          .build();

  private WhoAmI() {}

  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder("test.WhoAmI")
        .addMethod(
            METHOD,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  response.onNext(PeerCredentials.current().map(Object::toString).orElse("none"));
                  response.onCompleted();
                }))
        .build();
  }

  static String ask(Channel channel) {
    return ClientCalls.blockingUnaryCall(channel, METHOD, CallOptions.DEFAULT, "who?");
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
