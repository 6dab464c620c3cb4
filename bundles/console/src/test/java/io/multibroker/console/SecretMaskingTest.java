package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void secretValuesInACommandLineAreMasked() {
        assertEquals("pipe-broker:create oanda o1 environment=custom .token=******** oanda.account=101-001-1-001",
                BrokerCommand.maskSecrets("pipe-broker:create oanda o1 environment=custom .token=abc123 oanda.account=101-001-1-001"));
        assertEquals("broker:configure a api.password=******** secret.key=******** x=1",
                BrokerCommand.maskSecrets("broker:configure a api.password=\"p w\" secret.key='k' x=1"));
        assertEquals("broker:configure a .token=********", BrokerCommand.maskSecrets("broker:configure a .token=$[secret:t]"));
        assertEquals("broker:list", BrokerCommand.maskSecrets("broker:list"));
    }
}
