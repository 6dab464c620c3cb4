package io.multibroker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCategory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.RecoveryAction;
import io.multibroker.api.error.StandardBrokerError;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorTaxonomyTest {

    @Test
    void theCodesTheIssueNamesAllExist() {
        for (String name : new String[] {"AUTHENTICATION_FAILED", "PERMISSION_DENIED", "ACCOUNT_NOT_FOUND", "INSUFFICIENT_FUNDS",
                "INVALID_SYMBOL", "INVALID_QUANTITY", "INVALID_PRICE", "INVALID_ORDER", "UNSUPPORTED_ORDER_TYPE",
                "UNSUPPORTED_TIME_IN_FORCE", "MARKET_CLOSED", "ORDER_NOT_FOUND", "DUPLICATE_CLIENT_ORDER_ID",
                "POSITION_LIMIT_EXCEEDED", "RATE_LIMITED", "NETWORK_ERROR", "TIMEOUT", "BROKER_UNAVAILABLE",
                "BROKER_PROTOCOL_ERROR", "CONFIGURATION_INVALID", "UNKNOWN_OUTCOME", "UNKNOWN_ERROR"}) {
            ErrorCode.valueOf(name);
        }
    }

    @Test
    void onlyErrorsThatProveNothingHappenedAreRetryable() {
        Set<ErrorCode> retryable = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.retryable()) {
                retryable.add(code);
            }
        }
        assertEquals(EnumSet.of(ErrorCode.RATE_LIMITED, ErrorCode.NETWORK_ERROR, ErrorCode.TIMEOUT, ErrorCode.BROKER_UNAVAILABLE), retryable);
        assertFalse(ErrorCode.UNKNOWN_OUTCOME.retryable(), "an unknown outcome must never be retried blindly");
    }

    @Test
    void everyCodeTellsTheCallerWhatToDo() {
        assertEquals(RecoveryAction.RECONCILE, ErrorCode.UNKNOWN_OUTCOME.action());
        assertTrue(ErrorCode.UNKNOWN_OUTCOME.unknownOutcome());
        assertEquals(RecoveryAction.RETRY, ErrorCode.RATE_LIMITED.action());
        assertEquals(RecoveryAction.FIX_REQUEST, ErrorCode.INVALID_PRICE.action());
        assertEquals(RecoveryAction.FIX_REQUEST, ErrorCode.UNSUPPORTED_ORDER_TYPE.action());
        assertEquals(RecoveryAction.FIX_REQUEST, ErrorCode.INSUFFICIENT_FUNDS.action());
        assertEquals(RecoveryAction.ESCALATE, ErrorCode.AUTHENTICATION_FAILED.action());
        assertEquals(RecoveryAction.ESCALATE, ErrorCode.BROKER_PROTOCOL_ERROR.action());
        assertEquals(ErrorCategory.UNSUPPORTED, ErrorCode.UNSUPPORTED_TIME_IN_FORCE.category());
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(code.action() != null && code.category() != null, code.name());
        }
    }

    @Test
    void theErrorKeepsTheBrokersOwnCodeAndContext() {
        ErrorContext context = new ErrorContext("acc", "42", "c-1", "EUR_USD", "req-9");
        StandardBrokerError error = StandardBrokerError.of(ErrorCode.INSUFFICIENT_FUNDS, "INSUFFICIENT_MARGIN", "needs 500 USD", context);
        assertEquals("INSUFFICIENT_MARGIN", error.brokerCode());
        assertEquals("needs 500 USD", error.brokerMessage());
        assertEquals(ErrorCategory.ACCOUNT, error.category());
        assertEquals("INSUFFICIENT_FUNDS [INSUFFICIENT_MARGIN]: needs 500 USD (account=acc order=42 clientOrder=c-1 "
                + "instrument=EUR_USD brokerRequest=req-9)", error.getMessage());
    }

    @Test
    void theErrorIsFoundInsideACompletionFailureAndAnythingElseIsUnknown() {
        StandardBrokerError error = new StandardBrokerError(ErrorCode.TIMEOUT, "slow");
        CompletableFuture<Object> failed = CompletableFuture.failedFuture(error);
        try {
            failed.join();
        } catch (CompletionException e) {
            assertSame(error, StandardBrokerError.from(e));
        }
        StandardBrokerError other = StandardBrokerError.from(new IllegalStateException("boom"));
        assertEquals(ErrorCode.UNKNOWN_ERROR, other.code());
        assertTrue(other.getMessage().contains("boom"));
    }
}
