package io.multibroker.risk.command;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multibroker.api.risk.RiskControl;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/** What every {@code risk:*} command shares: the risk layer, the session's output, JSON, and who is at the shell. */
public abstract class RiskCommand implements Action {

    /**
     * As the {@code broker:*} commands' and the HTTP API's JSON: limits, usage and headroom are strings of their exact
     * decimal, never a JSON number, which Python's {@code json} and JavaScript read as a binary double.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .withConfigOverride(BigDecimal.class, decimals -> decimals.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    @Reference
    protected RiskControl risk;

    @Reference
    protected Session session;

    protected PrintStream out() {
        return session.getConsole();
    }

    protected void printJson(Object value) throws Exception {
        out().println(JSON.writeValueAsString(value));
    }

    static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    /** The user logged in to this shell (Karaf's JAAS subject), for the risk journal; "unknown" outside a login. */
    @SuppressWarnings("removal")
    static String user() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                // Karaf's UserPrincipal, matched by name so that the bundle does not import Karaf's JAAS packages
                if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                    return principal.getName();
                }
            }
        }
        return "unknown";
    }
}
