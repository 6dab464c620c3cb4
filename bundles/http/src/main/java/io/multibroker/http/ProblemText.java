package io.multibroker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.multibroker.api.error.StandardBrokerError;

/** A failure as a one-line problem document, for the end of an event stream. */
final class ProblemText {

    private ProblemText() {
    }

    static String of(Throwable failure) {
        Problem problem = ApiException.from(StandardBrokerError.from(failure)).problem();
        try {
            return Json.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"title\":\"stream failed\"}";
        }
    }
}
