package io.multibroker.oanda;

import io.multibroker.api.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OANDA's reject and cancel reasons mapped to unified error codes, read from one data table
 * ({@code reasons.tsv} beside this class) rather than a switch spread through the code. A reason OANDA adds
 * later maps to {@link ErrorCode#UNKNOWN_ERROR}; the caller keeps OANDA's code as the broker code.
 */
final class Reasons {

    enum Kind {
        /** A TransactionRejectReason: the request was refused, nothing executed. */
        REJECT,
        /** An OrderCancelReason: the order was accepted, then cancelled. */
        CANCEL
    }

    private static final Reasons TABLE = load();

    private final Map<Kind, Map<String, Optional<ErrorCode>>> codes;

    private Reasons(Map<Kind, Map<String, Optional<ErrorCode>>> codes) {
        this.codes = codes;
    }

    static Reasons table() {
        return TABLE;
    }

    /** The unified code of a reject reason; UNKNOWN_ERROR for one the table does not know. */
    ErrorCode reject(String reason) {
        return codes.get(Kind.REJECT).getOrDefault(reason, Optional.of(ErrorCode.UNKNOWN_ERROR)).orElse(ErrorCode.UNKNOWN_ERROR);
    }

    /** The unified code of a cancel reason, or empty when the cancel is no error (the client asked, the time ran out). */
    Optional<ErrorCode> cancel(String reason) {
        return codes.get(Kind.CANCEL).getOrDefault(reason, Optional.of(ErrorCode.UNKNOWN_ERROR));
    }

    boolean knows(Kind kind, String reason) {
        return codes.get(kind).containsKey(reason);
    }

    private static Reasons load() {
        Map<Kind, Map<String, Optional<ErrorCode>>> codes = new HashMap<>();
        codes.put(Kind.REJECT, new HashMap<>());
        codes.put(Kind.CANCEL, new HashMap<>());
        try (InputStream in = Reasons.class.getResourceAsStream("reasons.tsv")) {
            if (in == null) {
                throw new IllegalStateException("reasons.tsv is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length != 3) {
                    throw new IllegalStateException("reasons.tsv line " + number + ": expected kind, reason and code: " + line);
                }
                Optional<ErrorCode> code = fields[2].equals("NONE") ? Optional.empty() : Optional.of(ErrorCode.valueOf(fields[2]));
                codes.get(Kind.valueOf(fields[0])).put(fields[1], code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        codes.replaceAll((kind, map) -> Collections.unmodifiableMap(map));
        return new Reasons(codes);
    }
}
