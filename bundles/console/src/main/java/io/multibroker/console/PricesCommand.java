package io.multibroker.console;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.PriceTick;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "prices", description = "Streams prices of instruments from an account")
@Service
public class PricesCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "instruments", required = true, multiValued = true, description = "One or more instruments")
    @Completion(InstrumentCompleter.class)
    List<String> instruments;

    @Option(name = "--count", description = "How many ticks to print (default 10)")
    int count = 10;

    @Option(name = "--timeout", description = "Seconds to wait for each tick (default 30)")
    int timeoutSeconds = 30;

    @Override
    protected Object run() throws Exception {
        TrailingOptions given = new TrailingOptions(instruments, Set.of("--count", "--timeout"), Set.of("--json"));
        instruments = given.arguments;
        count = OptionValues.wholeNumber("--count", given.get("--count", String.valueOf(count)), 1, Integer.MAX_VALUE);
        timeoutSeconds = OptionValues.wholeNumber("--timeout", given.get("--timeout", String.valueOf(timeoutSeconds)), 1, 3600);
        json = json || given.options.containsKey("--json");
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("name at least one instrument");
        }
        LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        BrokerAccount account = registry.requireAccount(accountId);
        account.adapter().streamPrices(new LinkedHashSet<>(instruments)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                // ask for exactly what will be printed: the stream's back-pressure does the rest
                s.request(count);
            }

            @Override
            public void onNext(PriceTick tick) {
                events.add(tick);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }

            @Override
            public void onComplete() {
                events.add("complete");
            }
        });
        try {
            if (!json) {
                out().printf("%-12s %-24s %14s %14s %10s%n", "Instrument", "Time", "Bid", "Ask", "Spread");
            }
            for (int i = 0; i < count; i++) {
                Object event = events.poll(timeoutSeconds, TimeUnit.SECONDS);
                if (event == null) {
                    throw new IllegalStateException("no price within " + timeoutSeconds + " s");
                }
                if (event instanceof Throwable error) {
                    throw StandardBrokerError.from(error);
                }
                if (!(event instanceof PriceTick tick)) {
                    break;
                }
                if (json) {
                    out().println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(tick));
                } else {
                    Instrument instrument = account.capabilities().instrument(tick.instrument()).orElse(null);
                    out().printf("%-12s %-24s %14s %14s %10s%n", tick.instrument(), Formats.time(tick.time()),
                            Formats.price(tick.bid(), instrument), Formats.price(tick.ask(), instrument),
                            Formats.price(tick.spread(), instrument));
                }
            }
        } finally {
            if (subscription[0] != null) {
                subscription[0].cancel();
            }
        }
        return null;
    }
}
