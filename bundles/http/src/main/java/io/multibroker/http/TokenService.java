package io.multibroker.http;

import java.nio.file.Path;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The API tokens as a service, for the HTTP API and the {@code http:token-*} commands: one store, in karaf.data. */
@Component(service = TokenService.class, configurationPid = "io.multibroker.http")
public final class TokenService {

    private final TokenStore store;

    @Activate
    public TokenService(HttpApiConfig config) {
        Path base = Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")));
        Path file = Path.of(config.tokens_file());
        this.store = new TokenStore(file.isAbsolute() ? file : base.resolve(file), Clock.systemUTC());
    }

    public TokenStore store() {
        return store;
    }
}
