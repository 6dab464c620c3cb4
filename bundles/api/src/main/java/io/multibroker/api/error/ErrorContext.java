package io.multibroker.api.error;

/**
 * Where an error happened: enough to find the order and the broker's own log line. Any field may be null.
 */
public record ErrorContext(String accountId, String orderId, String clientOrderId, String instrument,
        String brokerRequestId) {

    public static final ErrorContext NONE = new ErrorContext(null, null, null, null, null);

    public static ErrorContext account(String accountId) {
        return new ErrorContext(accountId, null, null, null, null);
    }

    public ErrorContext withAccount(String account) {
        return new ErrorContext(account, orderId, clientOrderId, instrument, brokerRequestId);
    }

    public ErrorContext withOrder(String order, String clientOrder) {
        return new ErrorContext(accountId, order, clientOrder, instrument, brokerRequestId);
    }

    public ErrorContext withInstrument(String symbol) {
        return new ErrorContext(accountId, orderId, clientOrderId, symbol, brokerRequestId);
    }

    public ErrorContext withBrokerRequestId(String requestId) {
        return new ErrorContext(accountId, orderId, clientOrderId, instrument, requestId);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        append(text, "account", accountId);
        append(text, "order", orderId);
        append(text, "clientOrder", clientOrderId);
        append(text, "instrument", instrument);
        append(text, "brokerRequest", brokerRequestId);
        return text.toString();
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(name).append('=').append(value);
        }
    }
}
