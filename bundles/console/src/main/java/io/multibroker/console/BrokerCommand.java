package io.multibroker.console;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.support.OrderIds;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;

/**
 * What every {@code broker:*} command shares: the registry, the session's output, {@code --json},
 * and one way to wait for a broker call and to report its error.
 */
public abstract class BrokerCommand implements Action {

    /**
     * The one JSON mapping of the commands, as the HTTP API's: prices, units and money are strings of their exact decimal
     * ({@code "1.08254"}), never a JSON number, which Python's {@code json} and JavaScript read as a binary double and
     * may alter; times are ISO-8601.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .withConfigOverride(BigDecimal.class, decimals -> decimals.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .addMixIn(JournalOrder.class, JournalOrderJson.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** How long a command waits for a broker's answer. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Reference
    protected BrokerRegistry registry;

    @Reference
    protected Session session;

    /** For the services a command can do without, looked up when it runs: see {@link ServicesInUse}. */
    @Reference
    protected BundleContext bundleContext;

    private ServicesInUse servicesInUse;

    @Option(name = "--json", description = "Print the result as JSON")
    protected boolean json;

    /**
     * Runs the command; a failure is handed to Karaf in the form that suits the output (no ANSI colour codes
     * when it is not a terminal).
     */
    @Override
    public final Object execute() throws Exception {
        try (ServicesInUse services = new ServicesInUse(bundleContext)) {
            servicesInUse = services;
            readTrailingOptions();
            return run();
        } catch (Exception e) {
            throw CommandErrors.forOutput(session, e);
        } finally {
            servicesInUse = null;
        }
    }

    /**
     * A service that comes with an optional feature (the journal, execution quality, the cluster), if it is there now;
     * it is released when the command ends.
     */
    protected <T> Optional<T> optionalService(Class<T> type) {
        return servicesInUse.find(type);
    }

    /**
     * The broker order id of an order named by either of its ids: the id as given when the broker has an order by it (a
     * broker order id, as the argument always was), else the broker order id of the order the journal has under it as a
     * client order id; the id as given when neither says more. Asked of the broker first: an id may be one order's broker
     * order id and another's client order id, and the broker's id is the one the command names.
     */
    protected String brokerOrderId(BrokerAdapter adapter, String accountId, String id) throws InterruptedException {
        return OrderIds.brokerOrderId(adapter, optionalService(OrderJournal.class), accountId, id, CALL_TIMEOUT);
    }

    /** As {@link #optionalService(Class)}, waiting up to {@code patience} for the service to come. */
    protected <T> Optional<T> optionalService(Class<T> type, Duration patience) {
        return servicesInUse.await(type, patience);
    }

    /** What the command does, once its arguments and options are set. */
    protected abstract Object run() throws Exception;

    /**
     * Karaf's parser takes options only before the first argument: a command with arguments collects what follows
     * them ({@code broker:config-schema paper --json}) and sets its options from it here.
     */
    protected void readTrailingOptions() {
    }

    /** Reads {@code --json} (and nothing else) from the tokens after a command's arguments. */
    protected void readJsonFlag(List<String> trailing) {
        TrailingOptions given = new TrailingOptions(trailing, Set.of(), Set.of("--json"));
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        json = json || given.options.containsKey("--json");
    }

    protected PrintStream out() {
        return session.getConsole();
    }

    /** {@code key=value} where the key is private ({@code .token}) or names a secret: the value is masked. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?<![\\w.-])(\\.[\\w.-]+|[\\w.-]*(?i:token|password|secret|passphrase)[\\w.-]*)=(\"[^\"]*\"|'[^']*'|\\S+)");

    /**
     * Karaf names a command's thread after its command line, and every log line written on that thread carries
     * the name: a secret typed as {@code .token=...} would reach the log. Commands that take settings mask them
     * in the thread's name before they do anything.
     */
    protected static void maskSecretsInThreadName() {
        Thread thread = Thread.currentThread();
        thread.setName(maskSecrets(thread.getName()));
    }

    static String maskSecrets(String text) {
        return SECRET_ASSIGNMENT.matcher(text).replaceAll("$1=********");
    }

    protected void printJson(Object value) throws Exception {
        out().println(JSON.writeValueAsString(value));
    }

    /** Waits for a broker call; its StandardBrokerError comes out as is, so that the shell shows the code and message. */
    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw StandardBrokerError.from(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the broker within " + CALL_TIMEOUT.toSeconds() + " s", e);
        }
    }

    static String plain(BigDecimal value) {
        return Formats.plain(value);
    }

    static String millis(Duration duration) {
        return Formats.millis(duration);
    }

    static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }
}
