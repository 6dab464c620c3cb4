package io.multibroker.journal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.bench.Results;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Does a {@code kill -9} lose a journalled order? A child JVM puts 1,000 orders' intents in flight at once on the
 * embedded journal (the H2 file, flushed per commit) and prints each intent's id the moment its commit is acknowledged
 * (the moment the runtime would send that order); the parent kills the child with {@code destroyForcibly} (SIGKILL)
 * after a given number of acknowledgements, opens the file, and counts: every acknowledged intent must be there.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.multibroker.journal.JournalKillMeasurement [out.json]</pre>
 *
 * <p>The JSON has {@code orders} in flight, {@code lost} in all, and under {@code rounds} each kill with its
 * acknowledgements, intents recovered, and acknowledged intents lost.
 */
public final class JournalKillMeasurement {

    private static final int ORDERS = 1_000;

    private JournalKillMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int[] killAfter = {1, 100, 250, 500, 750, 900, 990};
        int lost = 0;
        ObjectNode result = Results.object();
        result.put("orders", ORDERS);
        ArrayNode rounds = result.putArray("rounds");
        System.out.println("| kill after acks | acknowledged before the kill | intents recovered | acknowledged and lost | committed, not yet acknowledged |");
        System.out.println("|---|---|---|---|---|");
        for (int after : killAfter) {
            Path directory = Files.createTempDirectory("journal-kill");
            Round round = round(directory, after);
            lost += round.lost;
            rounds.addObject().put("killAfter", after).put("acknowledged", round.acknowledged).put("recovered", round.recovered)
                    .put("lost", round.lost);
            System.out.printf("| %d | %d | %d | %d | %d |%n", after, round.acknowledged, round.recovered, round.lost,
                    round.recovered - (round.acknowledged - round.lost));
        }
        System.out.println(lost == 0 ? "no acknowledged intent was lost" : lost + " ACKNOWLEDGED INTENTS LOST");
        result.put("lost", lost);
        Results.write(args.length > 0 ? args[0] : null, result);
        System.exit(lost == 0 ? 0 : 1);
    }

    private record Round(int acknowledged, int recovered, int lost) {
    }

    private static Round round(Path directory, int killAfter) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                JournalKillMeasurement.class.getName(), "child", directory.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(line.substring(4));
                }
                // the child says "done" when every intent is answered and some failed, so that fewer than killAfter were
                // acknowledged: it is killed then, as it waits to be
                if (acknowledged.size() == killAfter && line.startsWith("ack ") || line.equals("done")) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close our end of its output, and
                    // acknowledgements already written to the pipe would go unread
                    child.toHandle().destroyForcibly();
                }
            }
        }
        child.waitFor(30, TimeUnit.SECONDS);
        Set<String> recovered = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath(), "", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT client_order_id FROM journal_entry WHERE kind = 'INTENT'")) {
            while (rows.next()) {
                recovered.add(rows.getString(1));
            }
        }
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(recovered);
        return new Round(acknowledged.size(), recovered.size(), missing.size());
    }

    /** Puts every intent in flight at once and prints each acknowledgement as it comes, flushed, until it is killed. */
    private static void child(Path directory) throws Exception {
        OrderJournal journal = BenchmarkJournal.open(directory.resolve("journal"), account -> Optional.empty());
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CountDownLatch done = new CountDownLatch(ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            String id = "kill-" + i;
            UnifiedOrder order = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("1.08250"))
                    .clientOrderId(id).build();
            journal.intent("acc", order, "direct").whenComplete((written, failure) -> {
                if (failure == null) {
                    synchronized (out) {
                        out.println("ack " + id);
                    }
                }
                done.countDown();
            });
        }
        done.await();
        synchronized (out) {
            out.println("done");
        }
        // every intent answered: wait to be killed like a runtime that is still running (the parent kills it at the latest
        // on "done"; standard input ends with the parent, so an orphan does not stay)
        System.in.read();
    }
}
