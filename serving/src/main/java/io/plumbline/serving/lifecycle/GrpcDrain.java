package io.plumbline.serving.lifecycle;

import io.grpc.Server;
import io.micronaut.context.annotation.Requires;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Puts the gRPC server into Micronaut's graceful shutdown beside the HTTP server, which micronaut-grpc
 * 4.12 does not: {@link Server#shutdown()} (no new calls, running ones go on), completed when the last
 * call has finished. Whoever waits bounds it and then calls {@link #forceStop()}.
 */
@Singleton
@Requires(beans = GrpcEmbeddedServer.class)
final class GrpcDrain implements GracefulShutdownCapable {
    private final GrpcEmbeddedServer embedded;

    GrpcDrain(GrpcEmbeddedServer embedded) {
        this.embedded = embedded;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        Server server = embedded.getServer();
        server.shutdown();
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        // io.grpc.Server offers only a blocking wait for termination.
        Thread waiter = new Thread(() -> {
            try {
                server.awaitTermination();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            terminated.complete(null);
        }, "grpc-drain");
        waiter.setDaemon(true);
        waiter.start();
        return terminated;
    }

    /** Cancels the calls still running (after the drain deadline). */
    void forceStop() {
        embedded.getServer().shutdownNow();
    }
}
