package io.multibroker.oanda;

/** Why a stream's connection ended or could not open: the failure its reconnect policy backs off from. */
final class StreamInterrupted extends Exception {

    private static final long serialVersionUID = 1L;

    StreamInterrupted(String why) {
        // no stack trace: it says why a connection ended, and is made on every reconnect
        super(why, null, false, false);
    }
}
