package io.multibroker.sample;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SampleBrokerType.FACTORY_PID, name = "Sample broker account",
        description = "The smallest complete adapter: market orders on one instrument at a fixed quote")
@interface SampleBrokerConfig {

    @AttributeDefinition(name = "Account id", required = true)
    String account_id();

    @AttributeDefinition(name = "Instrument", description = "The one instrument it quotes")
    String instrument() default "EUR_USD";

    @AttributeDefinition(name = "Bid", description = "The fixed bid, a decimal with 5 places at most")
    String bid() default "1.10000";

    @AttributeDefinition(name = "Ask", description = "The fixed ask, a decimal with 5 places at most")
    String ask() default "1.10020";

    /**
     * The API token, as a real broker would need one: key {@code .token}, a private property, so that DS does
     * not copy it into the service's properties (where service:list would print it). Give it as $[env:NAME]
     * or $[secret:NAME].
     */
    @AttributeDefinition(name = "API token", description = "The broker's API token (secret)", type = AttributeType.PASSWORD, required = false)
    String _token();
}
