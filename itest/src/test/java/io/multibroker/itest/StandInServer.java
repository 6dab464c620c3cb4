package io.multibroker.itest;

import io.multibroker.oanda.stub.OandaStub;
import java.io.IOException;

/**
 * The OANDA v20 stand-in for the integration tests, started in the test driver's JVM (Pax Exam calls the
 * {@code @Configuration} method there) on a fixed loopback port; the container's adapter reaches it over
 * 127.0.0.1. It lives until the driver's JVM ends.
 */
final class StandInServer {

    static final int PORT = 18181;
    static final String ACCOUNT = "101-001-0000001-001";
    static final String TOKEN = "itest-stand-in-token-5d1f";

    private static OandaStub stub;

    private StandInServer() {
    }

    /** How many orders with this client order id the stand-in's account was sent. */
    static synchronized long ordersWithClientId(String clientOrderId) {
        return stub.ordersWithClientId(ACCOUNT, clientOrderId);
    }

    static synchronized void ensureStarted() {
        if (stub == null) {
            try {
                stub = OandaStub.builder().port(PORT).account(ACCOUNT).token(TOKEN).start();
            } catch (IOException e) {
                throw new IllegalStateException("the OANDA stand-in could not listen on 127.0.0.1:" + PORT + ": " + e, e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        }
    }
}
