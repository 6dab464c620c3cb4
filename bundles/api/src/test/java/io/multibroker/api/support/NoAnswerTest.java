package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class NoAnswerTest {

    @Test
    void aRequestThatMayHaveArrivedHasAnUnknownOutcome() {
        NoAnswer lost = NoAnswer.mayHaveArrived(new IOException("connection reset"));
        assertTrue(lost.mayHaveArrived());
        assertNull(lost.notSentCode());
        StandardBrokerError error = lost.asBrokerError("cancel of 42", ErrorContext.account("acc"));
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, error.code());
        assertEquals("cancel of 42 got no answer: java.io.IOException: connection reset", error.brokerMessage());
        assertEquals("acc", error.context().accountId());
    }

    @Test
    void aRequestThatWasNotSentKeepsItsReason() {
        NoAnswer held = NoAnswer.notSent("the rate limit did not free a slot within 100 ms", null, ErrorCode.RATE_LIMITED);
        assertFalse(held.mayHaveArrived());
        assertEquals(ErrorCode.RATE_LIMITED, held.notSentCode());
        StandardBrokerError error = held.asBrokerError("close of EUR_USD", ErrorContext.account("acc"));
        assertEquals(ErrorCode.RATE_LIMITED, error.code());
        assertEquals("close of EUR_USD got no answer: the rate limit did not free a slot within 100 ms", error.brokerMessage());
    }
}
