package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The dashboard in the assembled runtime: how it is served (the address, the redirect, the security headers, the
 * charting library from its WebJar), and the browser tests ({@code itest/browser/dashboard.test.mjs}: Debian's headless
 * Chromium driven by playwright-core) run against this container's HTTP port with tokens of each role. Their
 * screenshots are in {@code itest/target/dashboard-screenshots}, their output in {@code itest/target/dashboard-browser.log}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DashboardIT extends MultibrokerTestSupport {

    private static final int PORT = 18383;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long BROWSER_TIMEOUT_SECONDS = 360;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BrokerRegistry registry;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(assembly()));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(PORT)));
        options.add(systemProperty("multibroker.root").value(System.getProperty("multibroker.root")));
        return options.toArray(new Option[0]);
    }

    @Before
    public void accountsUpAndPagesServed() {
        await("paper accounts UP").atMost(WAIT).until(() -> registry.account("paper-fast").map(a -> a.health().status() == HealthStatus.UP)
                .orElse(false) && registry.account("paper-slow").map(a -> a.health().status() == HealthStatus.UP).orElse(false));
        await("the dashboard is served").atMost(WAIT).ignoreExceptions().until(() -> get("/dashboard/index.html").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void theAddressLeadsToThePageWhichRunsOnlyItsOwnScripts() throws Exception {
        for (String address : List.of("/dashboard", "/dashboard/")) {
            HttpResponse<String> entry = get(address);
            assertEquals(address, 302, entry.statusCode());
            assertEquals(address, "/dashboard/index.html", entry.headers().firstValue("Location").orElse(""));
        }
        HttpResponse<String> page = get("/dashboard/index.html");
        assertTrue(page.body(), page.body().contains("<title>Multibroker dashboard</title>"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy, policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'")
                && policy.contains("connect-src 'self'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        // no inline script: every script is a file of the bundle, which the policy allows
        assertTrue(page.body(), !page.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"));
        HttpResponse<String> chart = get("/dashboard/vendor/uplot/uPlot.iife.min.js");
        assertEquals(200, chart.statusCode());
        assertTrue(chart.headers().firstValue("Content-Type").orElse(""), chart.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertTrue(chart.body().contains("uPlot"));
        assertEquals(404, get("/dashboard/no-such-file.js").statusCode());
        // the API beside it is untouched: it still wants its token
        assertEquals(401, get("/api/v1/accounts").statusCode());
    }

    @Test
    public void theBrowserTestsPassInHeadlessChromium() throws Exception {
        Path root = Path.of(System.getProperty("multibroker.root"));
        Path browser = root.resolve("itest/browser");
        Path target = root.resolve("itest/target");
        Path log = target.resolve("dashboard-browser.log");
        Path screenshots = target.resolve("dashboard-screenshots");
        assertTrue("playwright-core is installed by the build (npm ci in itest/browser)", Files.isDirectory(browser.resolve("node_modules/playwright-core")));
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(chromium + " is missing: apt-get install chromium (.ci/run does)", new File(chromium).canExecute());

        ProcessBuilder builder = new ProcessBuilder("node", "dashboard.test.mjs").directory(browser.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DASHBOARD_BASE", BASE);
        env.put("ADMIN_TOKEN", token("dash-admin", "admin"));
        env.put("TRADER_TOKEN", token("dash-trader", "trader"));
        env.put("VIEWER_TOKEN", token("dash-viewer", "viewer"));
        env.put("SCREENSHOTS", screenshots.toString());
        env.put("CHROMIUM", chromium);
        Process process = builder.start();
        boolean finished = process.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue("the browser tests did not finish in " + BROWSER_TIMEOUT_SECONDS + " s:\n" + output, finished);
        assertEquals(output, 0, process.exitValue());
        assertTrue(output, output.contains("11 passed, 0 failed"));
        for (String shot : List.of("accounts-1280x800.png", "orders-1280x800.png", "experiment-demo-1280x800.png", "risk-confirm-1280x800.png",
                "viewer-experiment-1280x800.png", "accounts-phone-390.png", "experiment-phone-390.png", "experiment-distribution-1280x800.png",
                "experiment-bandit-1280x800.png", "accounts-history-1280x800.png", "experiment-quality-1280x800.png",
                "experiment-quality-phone-390.png")) {
            Path file = screenshots.resolve(shot);
            assertTrue(file + " was not written", Files.isRegularFile(file) && Files.size(file) > 1000);
        }
    }

    private String token(String name, String role) throws Exception {
        String output = execute("http:token-create " + name + " --role " + role, "admin");
        return Arrays.stream(output.split("\\R")).filter(line -> line.startsWith("mbt_")).findFirst()
                .orElseThrow(() -> new AssertionError("no token in: " + output));
    }
}
