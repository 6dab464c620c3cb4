package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The price of a fill, from the parts OANDA lists (trade opened, reduced, closed). */
class OrderTranslatorTest {

    private static final UnifiedOrder SELL = UnifiedOrder.market("EUR_USD", OrderSide.SELL, BigDecimal.valueOf(2000)).clientOrderId("c").build();

    private static JsonNode answer(String fill) throws Exception {
        return V20Client.JSON.readTree("{\"orderCreateTransaction\":{\"id\":\"10\",\"time\":\"2024-01-02T03:04:05.000000000Z\"},"
                + "\"orderFillTransaction\":" + fill + "}");
    }

    private static BigDecimal price(OrderTranslator translator, String fill) throws Exception {
        return translator.created(SELL, answer(fill), Instant.now()).averageFillPrice();
    }

    private static final String TWO_PARTS_ONE_PRICE = "{\"id\":\"11\",\"units\":\"-2000\",\"price\":\"1.09989\","
            + "\"tradesClosed\":[{\"tradeID\":\"5\",\"units\":\"-1000\",\"price\":\"1.09989\"}],"
            + "\"tradeOpened\":{\"tradeID\":\"11\",\"units\":\"-1000\",\"price\":\"1.09989\"}}";

    @Test
    void twoPartsAtOnePriceAreThatPriceAtTheInstrumentsPrecision() throws Exception {
        OrderTranslator translator = new OrderTranslator("a", symbol -> OptionalInt.of(5));
        assertEquals(new BigDecimal("1.09989"), price(translator, TWO_PARTS_ONE_PRICE));
    }

    @Test
    void partsAtDifferentPricesAreAveragedToTheInstrumentsPrecision() throws Exception {
        OrderTranslator translator = new OrderTranslator("a", symbol -> OptionalInt.of(5));
        String fill = "{\"id\":\"11\",\"units\":\"-3000\",\"tradesClosed\":[{\"tradeID\":\"5\",\"units\":\"-1000\",\"price\":\"1.09989\"},"
                + "{\"tradeID\":\"6\",\"units\":\"-2000\",\"price\":\"1.09992\"}]}";
        // (1.09989 + 2 x 1.09992) / 3 = 1.09991
        assertEquals(new BigDecimal("1.09991"), price(translator, fill));
        String halfway = "{\"id\":\"11\",\"units\":\"-2000\",\"tradesClosed\":[{\"tradeID\":\"5\",\"units\":\"-1000\",\"price\":\"1.09989\"},"
                + "{\"tradeID\":\"6\",\"units\":\"-1000\",\"price\":\"1.09990\"}]}";
        // 1.099895 exactly half way: to the even neighbour
        assertEquals(new BigDecimal("1.09990"), price(translator, halfway));
    }

    @Test
    void onePartKeepsTheBrokersPriceAsItIs() throws Exception {
        OrderTranslator translator = new OrderTranslator("a", symbol -> OptionalInt.of(5));
        String fill = "{\"id\":\"11\",\"units\":\"-1000\",\"price\":\"1.0998\",\"tradeOpened\":{\"tradeID\":\"11\",\"units\":\"-1000\","
                + "\"price\":\"1.0998\"}}";
        assertEquals(new BigDecimal("1.0998"), price(translator, fill));
    }

    @Test
    void withoutTheInstrumentsTheAverageHasThePrecisionOfItsParts() throws Exception {
        assertEquals(new BigDecimal("1.09989"), price(new OrderTranslator("a"), TWO_PARTS_ONE_PRICE));
    }
}
