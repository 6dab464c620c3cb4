package io.multibroker.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.multibroker.api.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every status, code and message of alpaca-notes.md (sections 2, 6, 8, 9) against the unified code it must mean,
 * written out here rather than read back from the table, each with the reason the mapping is right.
 */
class ErrorTableTest {

    @ParameterizedTest(name = "{0} {1} \"{2}\" is {4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "401|-|unauthorized|ORDER_NOT_FOUND|AUTHENTICATION_FAILED|a wrong key, or a paper key on the live host",
            "401|40110000|request is not authorized|ORDER_NOT_FOUND|AUTHENTICATION_FAILED|the code third parties show",
            "403|40310000|insufficient buying power|ORDER_NOT_FOUND|INSUFFICIENT_FUNDS|the order costs more than the account can buy",
            "403|40310000|insufficient qty available for order (requested: 10, available: 0)|ORDER_NOT_FOUND|INVALID_QUANTITY|it sells more than is held",
            "403|40310000|asset GME cannot be sold short|ORDER_NOT_FOUND|INVALID_ORDER|not shortable: a different order is needed",
            "403|40310000|potential wash trade detected. use complex orders|ORDER_NOT_FOUND|INVALID_ORDER|an opposite resting order",
            "403|40310100|trade denied due to pattern day trading protection|ORDER_NOT_FOUND|PERMISSION_DENIED|PDT protection",
            "403|-|account is blocked|ORDER_NOT_FOUND|PERMISSION_DENIED|an account restriction",
            "404|40410000|order not found|ORDER_NOT_FOUND|ORDER_NOT_FOUND|a 404 means what the operation looked for",
            "404|40410000|asset not found|INVALID_SYMBOL|INVALID_SYMBOL|the same 404 for an asset lookup",
            "422|40010001|client_order_id must be unique|ORDER_NOT_FOUND|DUPLICATE_CLIENT_ORDER_ID|the id was used: the first submission landed",
            "422|40010001|order_id is missing|ORDER_NOT_FOUND|ORDER_NOT_FOUND|a non-UUID id names no order",
            "422|40010001|us_equity orders not allowed for account|ORDER_NOT_FOUND|PERMISSION_DENIED|the account lacks the asset class",
            "422|40010001|order is not cancelable|ORDER_NOT_FOUND|INVALID_ORDER|filled or cancelled already",
            "422|40010001|asset \"XYZ\" not found|ORDER_NOT_FOUND|INVALID_SYMBOL|no such asset",
            "422|40010001|invalid crypto time_in_force|ORDER_NOT_FOUND|UNSUPPORTED_TIME_IN_FORCE|crypto takes gtc and ioc",
            "422|40010001|qty must be >= 0.0001|ORDER_NOT_FOUND|INVALID_QUANTITY|below crypto's minimum size",
            "422|40010001|fractional orders must be market orders with day time_in_force|ORDER_NOT_FOUND|INVALID_QUANTITY|fractional only on day market orders",
            "422|40010001|invalid limit_price 1.234. sub-penny increment does not fulfill minimum pricing criteria|ORDER_NOT_FOUND|INVALID_PRICE|a price finer than the tick",
            "422|40010001|extended hours order must be DAY limit orders|ORDER_NOT_FOUND|UNSUPPORTED_ORDER_TYPE|an order shape the session does not take",
            "422|40010001|input parameters are not recognized|ORDER_NOT_FOUND|INVALID_ORDER|Alpaca's documented 422",
            "429|42910000|rate limit exceeded|ORDER_NOT_FOUND|RATE_LIMITED|refused before acting: may be retried",
            "429|-|too many requests|ORDER_NOT_FOUND|RATE_LIMITED|the same without a code",
            "500|-|internal server error occurred|ORDER_NOT_FOUND|BROKER_UNAVAILABLE|Alpaca failed; an order's outcome is then looked up",
            "503|-|-|ORDER_NOT_FOUND|BROKER_UNAVAILABLE|maintenance",
            "418|-|-|ORDER_NOT_FOUND|UNKNOWN_ERROR|a status the table does not know keeps its code for the operator",
    })
    void meansWhatTheNotesSay(int status, Integer code, String message, ErrorCode notFound, ErrorCode expected, String why) {
        assertEquals(expected, ErrorTable.table().code(status, code, message, notFound), why);
    }

    @ParameterizedTest(name = "row {index}")
    @CsvSource({"0"})
    void everyRowNamesACodeAndSaysWhy(int ignored) {
        for (ErrorTable.Row row : ErrorTable.table().rows()) {
            if (!row.unified().equals("NOT_FOUND")) {
                ErrorCode.valueOf(row.unified());
            }
            assertFalse(row.why().isBlank(), () -> "row without a why: " + row);
        }
    }
}
