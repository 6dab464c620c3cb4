package io.multibroker.itest;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.alpaca.stub.StubClock;
import java.io.IOException;
import java.time.Duration;

/**
 * Two Alpaca stand-ins for {@link AlpacaHotDeployIT}, started in the test driver's JVM (where Pax Exam calls the
 * {@code @Configuration} method) on fixed loopback ports: a prompt one, and one whose every REST answer takes
 * {@link #SLOW_ANSWER}, so that orders are still in flight when the adapter's JAR is deleted. Faults cannot be scripted
 * from the container (another JVM), hence the second stand-in. They live until the driver's JVM ends.
 */
final class AlpacaStandIns {

    static final int PORT = 18190;
    static final int WS_PORT = 18191;
    static final int SLOW_PORT = 18192;
    static final int SLOW_WS_PORT = 18193;
    static final String KEY = "itest-alpaca-key-7c2e";
    static final String SECRET = "itest-alpaca-secret-91fa";
    static final Duration SLOW_ANSWER = Duration.ofMillis(1500);

    private static AlpacaStub prompt;
    private static AlpacaStub slow;

    private AlpacaStandIns() {
    }

    static synchronized void ensureStarted() {
        if (prompt != null) {
            return;
        }
        try {
            prompt = AlpacaStub.builder().port(PORT).wsPort(WS_PORT).key(KEY).secret(SECRET).hours(StubClock.Hours.ALWAYS_OPEN).start();
            slow = AlpacaStub.builder().port(SLOW_PORT).wsPort(SLOW_WS_PORT).key(KEY).secret(SECRET).hours(StubClock.Hours.ALWAYS_OPEN)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("the Alpaca stand-ins could not listen on 127.0.0.1:" + PORT + "-" + SLOW_WS_PORT + ": " + e, e);
        }
        slow.faults().latency(SLOW_ANSWER);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            prompt.close();
            slow.close();
        }));
    }
}
