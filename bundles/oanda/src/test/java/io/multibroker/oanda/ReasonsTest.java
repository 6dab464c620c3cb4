package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class ReasonsTest {

    /** The values of a reference list; with {@code section}, only those under the header that starts with it. */
    private static List<String> values(String file, String section) throws Exception {
        List<String> values = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                ReasonsTest.class.getResourceAsStream("/oanda-reference/" + file), StandardCharsets.UTF_8))) {
            boolean inSection = section == null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    if (section != null && line.startsWith("# ")) {
                        String header = line.substring(2);
                        if (header.matches("[A-Za-z]+: .*")) {
                            inSection = header.startsWith(section);
                        }
                    }
                    continue;
                }
                if (inSection && !line.isBlank()) {
                    values.add(line.trim());
                }
            }
        }
        return values;
    }

    @Test
    void everyRejectReasonOfTheSpecIsMapped() throws Exception {
        List<String> reasons = values("oanda-transaction-reject-reasons.spec-3.0.25.txt", null);
        assertEquals(143, reasons.size());
        List<String> unmapped = reasons.stream().filter(r -> !Reasons.table().knows(Reasons.Kind.REJECT, r)).toList();
        assertEquals(List.of(), unmapped, "reject reasons without a unified code");
    }

    @Test
    void everyCancelReasonOfTheSpecIsMapped() throws Exception {
        List<String> reasons = values("oanda-order-cancel-reasons.spec-3.0.25.txt", null);
        assertEquals(47, reasons.size());
        List<String> unmapped = reasons.stream().filter(r -> !Reasons.table().knows(Reasons.Kind.CANCEL, r)).toList();
        assertEquals(List.of(), unmapped, "cancel reasons without a unified code");
    }

    @Test
    void theReasonsOfTheCurrentDocumentationAreMappedToo() throws Exception {
        List<String> rejects = values("oanda-reject-reasons.current-docs-additions.txt", "TransactionRejectReason");
        List<String> cancels = values("oanda-reject-reasons.current-docs-additions.txt", "OrderCancelReason");
        assertEquals(56, rejects.size());
        assertEquals(18, cancels.size());
        assertEquals(List.of(), rejects.stream().filter(r -> !Reasons.table().knows(Reasons.Kind.REJECT, r)).toList());
        assertEquals(List.of(), cancels.stream().filter(r -> !Reasons.table().knows(Reasons.Kind.CANCEL, r)).toList());
    }

    @Test
    void theMappingSaysWhatHappened() {
        Reasons table = Reasons.table();
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, table.reject("INSUFFICIENT_MARGIN"));
        assertEquals(ErrorCode.INVALID_QUANTITY, table.reject("UNITS_PRECISION_EXCEEDED"));
        assertEquals(ErrorCode.INVALID_QUANTITY, table.reject("UNITS_MIMIMUM_NOT_MET"));
        assertEquals(ErrorCode.INVALID_PRICE, table.reject("PRICE_PRECISION_EXCEEDED"));
        assertEquals(ErrorCode.INVALID_SYMBOL, table.reject("INSTRUMENT_UNKNOWN"));
        assertEquals(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, table.reject("TIME_IN_FORCE_INVALID"));
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, table.reject("CLIENT_ORDER_ID_ALREADY_EXISTS"));
        assertEquals(ErrorCode.ORDER_NOT_FOUND, table.reject("ORDER_DOESNT_EXIST"));
        assertEquals(ErrorCode.PERMISSION_DENIED, table.reject("ACCOUNT_LOCKED"));
        assertEquals(ErrorCode.MARKET_CLOSED, table.reject("INSTRUMENT_NOT_TRADEABLE"));
        assertEquals(Optional.of(ErrorCode.MARKET_CLOSED), table.cancel("MARKET_HALTED"));
        assertEquals(Optional.of(ErrorCode.INSUFFICIENT_FUNDS), table.cancel("INSUFFICIENT_MARGIN"));
        assertEquals(Optional.empty(), table.cancel("CLIENT_REQUEST"), "a cancel the client asked for is no error");
        assertEquals(Optional.empty(), table.cancel("TIME_IN_FORCE_EXPIRED"));
    }

    /**
     * Every reason that maps anywhere but INVALID_ORDER, each with the reason why, written out in
     * {@code reason-meanings.csv} (not read from reasons.tsv): a change of meaning fails here.
     */
    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvFileSource(resources = "reason-meanings.csv")
    void eachReasonMeansWhatItSays(Reasons.Kind kind, String reason, String expected, String why) {
        assertTrue(Reasons.table().knows(kind, reason), reason + " is in the table");
        Optional<ErrorCode> code = kind == Reasons.Kind.REJECT ? Optional.of(Reasons.table().reject(reason)) : Reasons.table().cancel(reason);
        assertEquals(expected.equals("NONE") ? Optional.empty() : Optional.of(ErrorCode.valueOf(expected)), code, why);
    }

    /** The lines of a resource that are not comments, split at {@code separator}: kind, reason and code first. */
    private static Set<String> kindReasonCode(Class<?> base, String resource, String separator) throws Exception {
        Set<String> rows = new TreeSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(base.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split(separator, 4);
                    rows.add(fields[0] + " " + fields[1] + " " + fields[2]);
                }
            }
        }
        return rows;
    }

    /**
     * A mapping added to the table anywhere but INVALID_ORDER must come with its meaning written out in
     * {@code reason-meanings.csv}; the rows of the csv are each checked against the table above.
     */
    @Test
    void everyReasonMappedAnywhereButInvalidOrderHasItsMeaningWrittenOut() throws Exception {
        Set<String> specific = kindReasonCode(Reasons.class, "reasons.tsv", "\t");
        specific.removeIf(row -> row.endsWith(" INVALID_ORDER"));
        Set<String> written = kindReasonCode(ReasonsTest.class, "reason-meanings.csv", ",");
        Set<String> unwritten = new TreeSet<>(specific);
        unwritten.removeAll(written);
        assertEquals(Set.of(), unwritten, "mapped to a specific code in reasons.tsv without a row in reason-meanings.csv");
    }

    @Test
    void aReasonOandaAddsLaterIsAnUnknownError() {
        assertEquals(ErrorCode.UNKNOWN_ERROR, Reasons.table().reject("SOME_REASON_FROM_2031"));
        assertEquals(Optional.of(ErrorCode.UNKNOWN_ERROR), Reasons.table().cancel("SOME_REASON_FROM_2031"));
        assertTrue(!Reasons.table().knows(Reasons.Kind.REJECT, "SOME_REASON_FROM_2031"));
    }
}
