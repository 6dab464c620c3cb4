package io.multibroker.console;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "events", description = "What happened to orders: the journal's latest entries, or with --follow "
        + "the order events as they come (fills, partial fills, cancels, expiries, replaces, reconciliations) until Ctrl-C or --count")
@Service
public class EventsCommand extends JournalCommand {

    @Option(name = "--account", description = "Only this account")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--follow", description = "Print order events as they come, one line each (with --json one JSON object a line)")
    boolean follow;

    @Option(name = "--count", description = "With --follow: stop after this many events; without: how many entries (default 50)")
    String count;

    @Option(name = "--since", description = "Without --follow: only entries since a span (30s, 15m, 2h, 1d) or an instant")
    String since;

    @Override
    protected Object run() throws Exception {
        if (follow) {
            follow(count == null ? Long.MAX_VALUE : OptionValues.wholeNumber("--count", count, 1, Integer.MAX_VALUE));
            return null;
        }
        int most = count == null ? 50 : OptionValues.wholeNumber("--count", count, 1, 100_000);
        List<JournalEntry> entries = new ArrayList<>(requireJournal().recentEntries(account,
                since == null ? null : Since.parse(since, Instant.now()), most));
        // oldest first, as they happened
        Collections.reverse(entries);
        if (json) {
            printJson(entries);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Recorded");
        table.column("Account");
        table.column("Client id");
        table.column("Broker id");
        table.column("Kind");
        table.column("Status");
        table.column("Fill").alignRight();
        table.column("Fill price").alignRight();
        table.column("Filled").alignRight();
        table.column("Reason").maxSize(60).wrap();
        for (JournalEntry entry : entries) {
            table.addRow().addContent(Formats.time(entry.recordedAt()), entry.accountId(), entry.clientOrderId(),
                    orEmpty(entry.brokerOrderId()), entry.kind(), orEmpty(entry.status()), Formats.plain(entry.fillUnits()),
                    Formats.plain(entry.fillPrice()), Formats.plain(entry.filledUnits()), orEmpty(entry.reason()));
        }
        table.print(out());
        return null;
    }

    /** Subscribes to the merged (or the account's) order events and prints each until the count or an interrupt (Ctrl-C). */
    private void follow(long most) throws Exception {
        Flow.Publisher<OrderEvent> events = account == null ? registry.orderEvents()
                : registry.requireAccount(account).adapter().orderEvents();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        events.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                received.add(event);
            }

            @Override
            public void onError(Throwable failure) {
                received.add(failure);
            }

            @Override
            public void onComplete() {
                received.add("complete");
            }
        });
        long printed = 0;
        try {
            while (printed < most) {
                Object next = received.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                if (next instanceof Throwable failure) {
                    throw StandardBrokerError.from(failure);
                }
                if (!(next instanceof OrderEvent event)) {
                    return;
                }
                if (json) {
                    out().println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(event));
                } else {
                    out().println(line(event));
                }
                printed++;
            }
        } catch (InterruptedException e) {
            // Ctrl-C: the operator has seen enough
            Thread.currentThread().interrupt();
        } finally {
            if (subscription[0] != null) {
                subscription[0].cancel();
            }
        }
    }

    /** One event as one line: when, where, which order, what, and the fill or the reason. */
    static String line(OrderEvent event) {
        StringBuilder text = new StringBuilder(Formats.time(event.time())).append(' ').append(event.accountId()).append(' ')
                .append(event.kind());
        if (event.kind() == OrderEventKind.GAP) {
            return text.append(": ").append(orEmpty(event.reason())).toString();
        }
        text.append(' ').append(orEmpty(event.clientOrderId())).append(" (").append(orEmpty(event.brokerOrderId())).append(") ")
                .append(orEmpty(event.side())).append(' ').append(orEmpty(event.instrument())).append(' ').append(orEmpty(event.status()));
        if (event.fillUnits() != null) {
            text.append(" fill ").append(Formats.plain(event.fillUnits())).append(" @ ").append(Formats.plain(event.fillPrice()));
        }
        text.append(" filled ").append(Formats.plain(event.filledUnits()));
        if (event.relatedOrderId() != null) {
            text.append(event.kind() == OrderEventKind.REPLACED ? " replaced by " : " related ").append(event.relatedOrderId());
        }
        if (event.reason() != null) {
            text.append(": ").append(event.reason());
        }
        return text.toString();
    }
}
