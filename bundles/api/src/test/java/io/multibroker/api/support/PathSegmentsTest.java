package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSegmentsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a b|a%20b",
            "a+b|a%2Bb",
            "a/b|a%2Fb",
            "100%|100%25",
            "a?b#c|a%3Fb%23c",
            "@my-order_1.2~3|@my-order_1.2~3",
            "ü€|%C3%BC%E2%82%AC",
            "\"a;b=c,d\"|a%3Bb%3Dc%2Cd",
            "EUR_USD|EUR_USD"})
    void escapesEverythingButUnreservedCharactersAndTheAt(String raw, String escaped) {
        assertEquals(escaped, PathSegments.escape(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a b", "a+b", "a/b", "100%", "a?b#c", "ü€", "x%2By"})
    void aUriDecodesTheSegmentBackToTheRawValue(String raw) {
        URI uri = URI.create("http://127.0.0.1/v3/orders/" + PathSegments.escape(raw));
        assertEquals("/v3/orders/" + PathSegments.escape(raw), uri.getRawPath(), "one segment, unchanged by the URI");
        assertEquals(raw, uri.getPath().substring("/v3/orders/".length()));
    }
}
