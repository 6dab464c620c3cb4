package io.multibroker.alpaca;

import io.multibroker.api.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Alpaca's HTTP statuses, numeric codes and messages mapped to unified codes, from one table
 * ({@code errors.tsv}, with the why of each row). Alpaca puts one code (40010001) on most validation errors, so
 * the message decides between them. {@code NOT_FOUND} in the table stands for the code the operation gives a 404
 * (an unknown order is ORDER_NOT_FOUND, an unknown asset INVALID_SYMBOL).
 */
final class ErrorTable {

    /** One row of the table. */
    record Row(int status, Integer code, Pattern message, String unified, String why) {
        boolean matches(int answerStatus, Integer answerCode, String answerMessage) {
            return status == answerStatus && (code == null || code.equals(answerCode))
                    && (message == null || answerMessage != null && message.matcher(answerMessage).find());
        }
    }

    private static final ErrorTable TABLE = load();
    private final List<Row> rows;

    private ErrorTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    static ErrorTable table() {
        return TABLE;
    }

    List<Row> rows() {
        return rows;
    }

    /** The unified code of an answer; {@code notFound} for a 404; UNKNOWN_ERROR for what the table does not know. */
    ErrorCode code(int status, Integer code, String message, ErrorCode notFound) {
        for (Row row : rows) {
            if (row.matches(status, code, message)) {
                return row.unified().equals("NOT_FOUND") ? notFound : ErrorCode.valueOf(row.unified());
            }
        }
        return status >= 500 ? ErrorCode.BROKER_UNAVAILABLE : ErrorCode.UNKNOWN_ERROR;
    }

    private static ErrorTable load() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = ErrorTable.class.getResourceAsStream("errors.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                if (cells.length != 5) {
                    throw new IllegalStateException("errors.tsv: not five cells: " + line);
                }
                rows.add(new Row(Integer.parseInt(cells[0]), cells[1].equals("*") ? null : Integer.valueOf(cells[1]),
                        cells[2].equals("*") ? null : Pattern.compile(cells[2].toLowerCase(Locale.ROOT), Pattern.CASE_INSENSITIVE),
                        cells[3], cells[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("errors.tsv could not be read", e);
        }
        return new ErrorTable(rows);
    }
}
