package io.multibroker.alpaca.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One Alpaca paper account and its market: assets, a random walk of quotes (kept in BigDecimal), the orders with
 * Alpaca's rules (fractional and notional only for day market orders, crypto's sizes and times in force, bracket
 * legs, buying power, shorting), fills at the quote with partial fills of large orders, positions and cash. All
 * state is guarded by this object's monitor; the REST handlers and the price step call in from their threads.
 */
final class StubMarket {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPEN_STATUSES = Set.of("new", "accepted", "pending_new", "partially_filled", "held");

    /** An error Alpaca answers with: the HTTP status and its {@code {"code", "message"}} body. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final int code;

        Refusal(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        static Refusal unprocessable(String message) {
            return new Refusal(422, 40010001, message);
        }

        static Refusal forbidden(String message) {
            return new Refusal(403, 40310000, message);
        }

        static Refusal notFound(String message) {
            return new Refusal(404, 40410000, message);
        }
    }

    /** An asset as {@code GET /v2/assets} gives it. */
    record Asset(String id, String symbol, String assetClass, String exchange, boolean fractionable, boolean shortable,
            boolean easyToBorrow, BigDecimal minOrderSize, BigDecimal minTradeIncrement, BigDecimal priceIncrement,
            BigDecimal spread, int priceScale) {
        boolean crypto() {
            return assetClass.equals("crypto");
        }
    }

    /** A trade update: the event, the order as it stands, and for fills the fill's price and quantity. */
    record Update(String event, ObjectNode order, BigDecimal price, BigDecimal qty, BigDecimal positionQty, Instant at) {
    }

    private static final class Order {
        String id;
        String clientOrderId;
        Asset asset;
        String side;
        String type;
        String tif;
        String status;
        String orderClass = "simple";
        BigDecimal qty;
        BigDecimal notional;
        BigDecimal filledQty = BigDecimal.ZERO;
        BigDecimal filledAvgPrice;
        BigDecimal limitPrice;
        BigDecimal stopPrice;
        BigDecimal trailPrice;
        BigDecimal hwm;
        boolean extendedHours;
        boolean triggered;
        Instant createdAt;
        Instant updatedAt;
        Instant filledAt;
        Instant canceledAt;
        Instant replacedAt;
        String replacedBy;
        String replaces;
        final List<Order> legs = new ArrayList<>();
        Order parent;
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Map<String, BigDecimal> mids = new LinkedHashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    /**
     * The orders that may still be open, in order of entry: the matching looks at these only, so that a long run (the
     * benchmarks send tens of thousands of orders) does not slow every match down; an order leaves when it is seen closed.
     */
    private final Set<Order> working = new LinkedHashSet<>();
    private final Map<String, Order> byClientId = new LinkedHashMap<>();
    private final Map<String, BigDecimal[]> positions = new LinkedHashMap<>();
    private final Random random;
    private final StubClock clock;
    private final BigDecimal partialFillAbove;
    private final String accountNumber;
    private BigDecimal cash;
    private boolean wasOpen;
    /** The last step at which the session was open: day orders from before it expire at the close. */
    private Instant lastOpen = Instant.MIN;
    private volatile Consumer<Update> listener = update -> { };
    /** The most a resting order fills in one step (null: as much as it asks), for tests of partial fills. */
    private BigDecimal liquidity;

    StubMarket(long seed, BigDecimal cash, StubClock clock, BigDecimal partialFillAbove, String accountNumber) {
        this.random = new Random(seed);
        this.cash = cash;
        this.clock = clock;
        this.partialFillAbove = partialFillAbove;
        this.accountNumber = accountNumber;
        equity("AAPL", "NASDAQ", true, true, true, "190.00");
        equity("MSFT", "NASDAQ", true, true, true, "410.00");
        equity("SPY", "ARCA", true, true, true, "520.00");
        // a name that is neither fractionable nor shortable, for those rules
        equity("GME", "NYSE", false, false, false, "25.00");
        crypto("BTC/USD", "0.0001", "0.000000001", "1", "60000");
        crypto("ETH/USD", "0.001", "0.000000001", "0.1", "3000.0");
        this.wasOpen = clock.isOpen(Instant.now());
    }

    private void equity(String symbol, String exchange, boolean fractionable, boolean shortable, boolean easyToBorrow, String mid) {
        assets.put(symbol, new Asset(uuid(symbol), symbol, "us_equity", exchange, fractionable, shortable, easyToBorrow, null, null,
                null, new BigDecimal("0.02"), 2));
        mids.put(symbol, new BigDecimal(mid));
    }

    private void crypto(String symbol, String minSize, String increment, String priceIncrement, String mid) {
        assets.put(symbol, new Asset(uuid(symbol), symbol, "crypto", "CRYPTO", true, false, false, new BigDecimal(minSize),
                new BigDecimal(increment), new BigDecimal(priceIncrement), new BigDecimal(priceIncrement).multiply(BigDecimal.valueOf(4)),
                new BigDecimal(priceIncrement).scale()));
        mids.put(symbol, new BigDecimal(mid));
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    void onUpdate(Consumer<Update> newListener) {
        this.listener = newListener;
    }

    StubClock clock() {
        return clock;
    }

    // ---- reads ----

    synchronized ObjectNode account() {
        ObjectNode account = JSON.createObjectNode();
        BigDecimal marketValue = BigDecimal.ZERO;
        BigDecimal longValue = BigDecimal.ZERO;
        BigDecimal shortValue = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal[]> position : positions.entrySet()) {
            BigDecimal value = position.getValue()[0].multiply(mids.get(position.getKey()));
            marketValue = marketValue.add(value);
            if (value.signum() > 0) {
                longValue = longValue.add(value);
            } else {
                shortValue = shortValue.add(value);
            }
        }
        BigDecimal equity = cash.add(marketValue);
        account.put("id", uuid(accountNumber));
        account.put("account_number", accountNumber);
        account.put("status", "ACTIVE");
        account.put("crypto_status", "ACTIVE");
        account.put("currency", "USD");
        account.put("cash", money(cash));
        account.put("buying_power", money(buyingPower()));
        account.put("regt_buying_power", money(buyingPower()));
        account.put("non_marginable_buying_power", money(cash.max(BigDecimal.ZERO)));
        account.put("equity", money(equity));
        account.put("last_equity", money(equity));
        account.put("portfolio_value", money(equity));
        account.put("long_market_value", money(longValue));
        account.put("short_market_value", money(shortValue));
        account.put("initial_margin", money(longValue.subtract(shortValue).multiply(new BigDecimal("0.5"))));
        account.put("maintenance_margin", money(longValue.subtract(shortValue).multiply(new BigDecimal("0.3"))));
        account.put("multiplier", "1");
        account.put("trading_blocked", false);
        account.put("account_blocked", false);
        account.put("shorting_enabled", true);
        account.put("created_at", Instant.parse("2024-01-02T14:30:00Z").toString());
        return account;
    }

    private BigDecimal buyingPower() {
        return cash.max(BigDecimal.ZERO);
    }

    synchronized ArrayNode assets(String assetClass) {
        ArrayNode list = JSON.createArrayNode();
        for (Asset asset : assets.values()) {
            if (assetClass == null || assetClass.equals(asset.assetClass())) {
                list.add(asset(asset));
            }
        }
        return list;
    }

    synchronized ObjectNode asset(String symbolOrId) {
        Asset asset = find(symbolOrId);
        if (asset == null) {
            throw Refusal.notFound("asset not found");
        }
        return asset(asset);
    }

    private Asset find(String symbolOrId) {
        Asset asset = assets.get(symbolOrId);
        if (asset == null) {
            // crypto also under its old form without the slash, and every asset under its id
            for (Asset candidate : assets.values()) {
                if (candidate.id().equals(symbolOrId) || candidate.symbol().replace("/", "").equals(symbolOrId)) {
                    return candidate;
                }
            }
        }
        return asset;
    }

    private static ObjectNode asset(Asset asset) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", asset.id());
        node.put("class", asset.assetClass());
        node.put("exchange", asset.exchange());
        node.put("symbol", asset.symbol());
        node.put("name", asset.symbol() + (asset.crypto() ? "" : " Inc. Common Stock"));
        node.put("status", "active");
        node.put("tradable", true);
        node.put("marginable", !asset.crypto());
        node.put("maintenance_margin_requirement", asset.crypto() ? 100 : 30);
        node.put("shortable", asset.shortable());
        node.put("easy_to_borrow", asset.easyToBorrow());
        node.put("fractionable", asset.fractionable());
        if (asset.crypto()) {
            node.put("min_order_size", asset.minOrderSize().toPlainString());
            node.put("min_trade_increment", asset.minTradeIncrement().toPlainString());
            node.put("price_increment", asset.priceIncrement().toPlainString());
        }
        node.putArray("attributes");
        return node;
    }

    synchronized ObjectNode clockNode(Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("timestamp", now.toString());
        node.put("is_open", clock.isOpen(now));
        node.put("next_open", clock.nextOpen(now).toString());
        node.put("next_close", clock.nextClose(now).toString());
        return node;
    }

    /** The quote of a symbol now: bid and ask around the mid. */
    synchronized BigDecimal[] quote(String symbol) {
        Asset asset = assets.get(symbol);
        BigDecimal mid = mids.get(symbol);
        BigDecimal half = asset.spread().divide(BigDecimal.valueOf(2), asset.priceScale() + 1, RoundingMode.HALF_EVEN);
        return new BigDecimal[] {mid.subtract(half).setScale(asset.priceScale(), RoundingMode.DOWN),
                mid.add(half).setScale(asset.priceScale(), RoundingMode.UP)};
    }

    Set<String> symbols() {
        return assets.keySet();
    }

    boolean isCrypto(String symbol) {
        Asset asset = assets.get(symbol);
        return asset != null && asset.crypto();
    }

    synchronized ArrayNode orders(String status, int limit, boolean nested) {
        ArrayNode list = JSON.createArrayNode();
        List<Order> all = new ArrayList<>(orders.values());
        Collections.reverse(all);
        for (Order order : all) {
            if (order.parent != null && nested) {
                continue;
            }
            boolean open = OPEN_STATUSES.contains(order.status);
            if (status.equals("all") || status.equals("open") == open) {
                list.add(render(order, nested));
                if (list.size() >= limit) {
                    break;
                }
            }
        }
        return list;
    }

    synchronized ObjectNode order(String id) {
        Order order = orders.get(id);
        if (order == null) {
            throw Refusal.notFound("order not found");
        }
        return render(order, true);
    }

    synchronized ObjectNode orderByClientId(String clientOrderId) {
        Order order = byClientId.get(clientOrderId);
        if (order == null) {
            throw Refusal.notFound("order not found");
        }
        return render(order, true);
    }

    synchronized ArrayNode positions() {
        ArrayNode list = JSON.createArrayNode();
        positions.keySet().forEach(symbol -> list.add(position(symbol)));
        return list;
    }

    synchronized ObjectNode position(String symbolOrId) {
        Asset asset = find(symbolOrId);
        if (asset == null || !positions.containsKey(asset.symbol())) {
            throw Refusal.notFound("position does not exist");
        }
        BigDecimal[] held = positions.get(asset.symbol());
        BigDecimal qty = held[0];
        BigDecimal price = mids.get(asset.symbol());
        ObjectNode node = JSON.createObjectNode();
        node.put("asset_id", asset.id());
        // positions name crypto pairs without the slash, as Alpaca's answers do
        node.put("symbol", asset.symbol().replace("/", ""));
        node.put("exchange", asset.exchange());
        node.put("asset_class", asset.assetClass());
        node.put("avg_entry_price", held[1].toPlainString());
        node.put("qty", qty.toPlainString());
        node.put("qty_available", qty.toPlainString());
        node.put("side", qty.signum() >= 0 ? "long" : "short");
        node.put("market_value", money(qty.multiply(price)));
        node.put("cost_basis", money(qty.multiply(held[1])));
        node.put("unrealized_pl", money(qty.multiply(price.subtract(held[1]))));
        node.put("current_price", price.toPlainString());
        node.put("asset_marginable", !asset.crypto());
        return node;
    }

    // ---- changes ----

    /** {@code POST /v2/orders}: the new order, or a Refusal with Alpaca's status and code. */
    synchronized ObjectNode submit(JsonNode body, Instant now) {
        Order order = validated(body, now);
        orders.put(order.id, order);
        working.add(order);
        byClientId.put(order.clientOrderId, order);
        order.legs.forEach(leg -> {
            orders.put(leg.id, leg);
            working.add(leg);
        });
        ObjectNode answer = render(order, true);
        emit("new", order, null, null, now);
        return answer;
    }

    private Order validated(JsonNode body, Instant now) {
        String symbol = text(body, "symbol");
        if (symbol == null) {
            throw Refusal.unprocessable("symbol is required");
        }
        Asset asset = find(symbol);
        if (asset == null) {
            throw Refusal.unprocessable("asset \"" + symbol + "\" not found");
        }
        Order order = new Order();
        order.asset = asset;
        order.id = UUID.randomUUID().toString();
        order.clientOrderId = text(body, "client_order_id") == null ? UUID.randomUUID().toString() : text(body, "client_order_id");
        if (order.clientOrderId.length() > 128) {
            throw Refusal.unprocessable("client_order_id must be no more than 128 characters");
        }
        if (byClientId.containsKey(order.clientOrderId)) {
            throw Refusal.unprocessable("client_order_id must be unique");
        }
        order.side = required(body, "side", Set.of("buy", "sell"));
        order.type = required(body, "type", Set.of("market", "limit", "stop", "stop_limit", "trailing_stop"));
        order.tif = required(body, "time_in_force", Set.of("day", "gtc", "opg", "cls", "ioc", "fok"));
        order.qty = decimal(body, "qty");
        order.notional = decimal(body, "notional");
        order.limitPrice = decimal(body, "limit_price");
        order.stopPrice = decimal(body, "stop_price");
        order.trailPrice = decimal(body, "trail_price");
        order.extendedHours = body.path("extended_hours").asBoolean(false);
        order.createdAt = now;
        order.updatedAt = now;
        order.status = "new";
        if ((order.qty == null) == (order.notional == null)) {
            throw Refusal.unprocessable(order.qty == null ? "qty or notional is required" : "only one of qty or notional may be given");
        }
        BigDecimal size = order.qty != null ? order.qty : order.notional;
        if (size.signum() <= 0) {
            throw Refusal.unprocessable((order.qty != null ? "qty" : "notional") + " must be > 0");
        }
        if (size.stripTrailingZeros().scale() > 9) {
            throw Refusal.unprocessable("qty and notional accept up to 9 decimals");
        }
        if ((order.type.equals("limit") || order.type.equals("stop_limit")) && order.limitPrice == null) {
            throw Refusal.unprocessable("limit_price is required");
        }
        if ((order.type.equals("stop") || order.type.equals("stop_limit")) && order.stopPrice == null) {
            throw Refusal.unprocessable("stop_price is required");
        }
        if (order.type.equals("trailing_stop")) {
            if (order.trailPrice == null) {
                throw Refusal.unprocessable("trail_price or trail_percent is required");
            }
            if (!Set.of("day", "gtc").contains(order.tif)) {
                throw Refusal.unprocessable("trailing stop orders must be day or gtc");
            }
        }
        if (asset.crypto()) {
            if (!Set.of("market", "limit", "stop_limit").contains(order.type)) {
                throw Refusal.unprocessable("invalid order type for crypto order");
            }
            if (!Set.of("gtc", "ioc").contains(order.tif)) {
                throw Refusal.unprocessable("invalid crypto time_in_force");
            }
            if (order.qty != null && order.qty.compareTo(asset.minOrderSize()) < 0) {
                throw Refusal.unprocessable("qty must be >= " + asset.minOrderSize().toPlainString());
            }
            if (order.qty != null && order.qty.remainder(asset.minTradeIncrement()).signum() != 0) {
                throw Refusal.unprocessable("qty must be a multiple of " + asset.minTradeIncrement().toPlainString());
            }
            for (BigDecimal price : new BigDecimal[] {order.limitPrice, order.stopPrice}) {
                if (price != null && price.remainder(asset.priceIncrement()).signum() != 0) {
                    throw Refusal.unprocessable("price must be a multiple of " + asset.priceIncrement().toPlainString());
                }
            }
        } else {
            boolean fractional = order.qty != null && order.qty.stripTrailingZeros().scale() > 0;
            if ((fractional || order.notional != null) && !asset.fractionable()) {
                throw Refusal.unprocessable("asset " + asset.symbol() + " is not fractionable");
            }
            if ((fractional || order.notional != null) && !(order.type.equals("market") && order.tif.equals("day"))) {
                throw Refusal.unprocessable("fractional orders must be market orders with day time_in_force");
            }
            for (BigDecimal price : new BigDecimal[] {order.limitPrice, order.stopPrice}) {
                if (price != null && price.stripTrailingZeros().scale() > (price.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4)) {
                    throw Refusal.unprocessable("invalid " + (price == order.limitPrice ? "limit_price" : "stop_price")
                            + " " + price.toPlainString() + ". sub-penny increment does not fulfill minimum pricing criteria");
                }
            }
        }
        if (order.extendedHours && !(order.type.equals("limit") && order.tif.equals("day"))) {
            throw Refusal.unprocessable("extended hours order must be DAY limit orders");
        }
        bracket(body, order, now);
        BigDecimal[] quote = quote(asset.symbol());
        BigDecimal reference = order.limitPrice != null ? order.limitPrice : order.side.equals("buy") ? quote[1] : quote[0];
        if (order.side.equals("buy")) {
            BigDecimal cost = order.notional != null ? order.notional : order.qty.multiply(reference);
            if (cost.compareTo(buyingPower()) > 0) {
                throw new Refusal(403, 40310000, "insufficient buying power");
            }
        } else {
            BigDecimal held = positions.containsKey(asset.symbol()) ? positions.get(asset.symbol())[0].max(BigDecimal.ZERO) : BigDecimal.ZERO;
            BigDecimal wanted = order.qty != null ? order.qty : order.notional.divide(reference, 9, RoundingMode.DOWN);
            if (wanted.compareTo(held) > 0 && (asset.crypto() || !asset.shortable() || !asset.easyToBorrow())) {
                throw Refusal.forbidden(asset.crypto() || held.signum() > 0
                        ? "insufficient qty available for order (requested: " + wanted.toPlainString() + ", available: " + held.toPlainString() + ")"
                        : "asset " + asset.symbol() + " cannot be sold short");
            }
        }
        return order;
    }

    private void bracket(JsonNode body, Order order, Instant now) {
        String orderClass = body.path("order_class").asText("simple");
        JsonNode takeProfit = body.get("take_profit");
        JsonNode stopLoss = body.get("stop_loss");
        if (orderClass.isEmpty() || orderClass.equals("simple")) {
            if (takeProfit != null || stopLoss != null) {
                throw Refusal.unprocessable("take_profit and stop_loss need order_class bracket or oto");
            }
            return;
        }
        if (!Set.of("bracket", "oto").contains(orderClass)) {
            throw Refusal.unprocessable("order_class " + orderClass + " is not supported here");
        }
        if (orderClass.equals("bracket") && (takeProfit == null || stopLoss == null)) {
            throw Refusal.unprocessable("bracket orders require take_profit.limit_price and stop_loss.stop_price");
        }
        if (orderClass.equals("oto") && (takeProfit == null) == (stopLoss == null)) {
            throw Refusal.unprocessable("oto orders require exactly one of take_profit and stop_loss");
        }
        if (!Set.of("day", "gtc").contains(order.tif) || order.extendedHours || order.asset.crypto()) {
            throw Refusal.unprocessable("bracket orders must be day or gtc equity orders in regular hours");
        }
        order.orderClass = orderClass;
        String exitSide = order.side.equals("buy") ? "sell" : "buy";
        BigDecimal[] quote = quote(order.asset.symbol());
        BigDecimal base = order.limitPrice != null ? order.limitPrice : order.side.equals("buy") ? quote[1] : quote[0];
        boolean buy = order.side.equals("buy");
        if (takeProfit != null) {
            BigDecimal limit = decimal(takeProfit, "limit_price");
            if (limit == null || (buy ? limit.compareTo(base) <= 0 : limit.compareTo(base) >= 0)) {
                throw Refusal.unprocessable("take_profit.limit_price must be " + (buy ? "above" : "below") + " the base price");
            }
            order.legs.add(leg(order, exitSide, "limit", limit, null, now));
        }
        if (stopLoss != null) {
            BigDecimal stop = decimal(stopLoss, "stop_price");
            if (stop == null || (buy ? stop.compareTo(base.subtract(new BigDecimal("0.01"))) > 0
                    : stop.compareTo(base.add(new BigDecimal("0.01"))) < 0)) {
                throw Refusal.unprocessable("stop_loss.stop_price must be at least 0.01 " + (buy ? "below" : "above") + " the base price");
            }
            BigDecimal stopLimit = decimal(stopLoss, "limit_price");
            order.legs.add(leg(order, exitSide, stopLimit == null ? "stop" : "stop_limit", stopLimit, stop, now));
        }
    }

    private static Order leg(Order parent, String side, String type, BigDecimal limit, BigDecimal stop, Instant now) {
        Order leg = new Order();
        leg.id = UUID.randomUUID().toString();
        leg.clientOrderId = UUID.randomUUID().toString();
        leg.asset = parent.asset;
        leg.side = side;
        leg.type = type;
        leg.tif = parent.tif;
        leg.qty = parent.qty;
        leg.limitPrice = limit;
        leg.stopPrice = stop;
        leg.orderClass = parent.orderClass;
        // exit legs wait until the entry has filled completely
        leg.status = "held";
        leg.createdAt = now;
        leg.updatedAt = now;
        leg.parent = parent;
        return leg;
    }

    /** {@code DELETE /v2/orders/{id}}: accepted (204) or a Refusal. */
    synchronized void cancel(String id, Instant now) {
        Order order = orders.get(id);
        if (order == null) {
            throw Refusal.notFound("order not found");
        }
        if (!OPEN_STATUSES.contains(order.status)) {
            throw Refusal.unprocessable("order is not cancelable");
        }
        cancelled(order, "canceled", now);
        // cancelling one leg of a bracket cancels the group
        Order root = order.parent != null ? order.parent : order;
        for (Order other : root.legs) {
            if (OPEN_STATUSES.contains(other.status)) {
                cancelled(other, "canceled", now);
            }
        }
    }

    private void cancelled(Order order, String event, Instant now) {
        order.status = event;
        order.canceledAt = now;
        order.updatedAt = now;
        emit(event, order, null, null, now);
    }

    /** {@code PATCH /v2/orders/{id}}: the replacing order (a new id), or a Refusal. */
    synchronized ObjectNode replace(String id, JsonNode body, Instant now) {
        Order old = orders.get(id);
        if (old == null) {
            throw Refusal.notFound("order not found");
        }
        if (!Set.of("new", "partially_filled").contains(old.status)) {
            throw Refusal.unprocessable("order is not replaceable in status " + old.status);
        }
        if (old.notional != null) {
            throw Refusal.unprocessable("notional orders cannot be replaced");
        }
        ObjectNode merged = render(old, false);
        merged.remove(List.of("id", "client_order_id", "order_class"));
        for (String field : List.of("qty", "time_in_force", "limit_price", "stop_price", "client_order_id")) {
            if (body.hasNonNull(field)) {
                merged.set(field, body.get(field));
            }
        }
        if (body.hasNonNull("trail")) {
            merged.set("trail_price", body.get("trail"));
        }
        Order next = validated(merged, now);
        next.replaces = old.id;
        old.status = "replaced";
        old.replacedAt = now;
        old.replacedBy = next.id;
        old.updatedAt = now;
        orders.put(next.id, next);
        working.add(next);
        byClientId.put(next.clientOrderId, next);
        emit("replaced", old, null, null, now);
        emit("new", next, null, null, now);
        return render(next, true);
    }

    /** {@code DELETE /v2/positions/{symbol}}: a market order that closes it, or a Refusal. */
    synchronized ObjectNode closePosition(String symbolOrId, Instant now) {
        Asset asset = find(symbolOrId);
        if (asset == null || !positions.containsKey(asset.symbol())) {
            throw Refusal.notFound("position does not exist");
        }
        BigDecimal qty = positions.get(asset.symbol())[0];
        ObjectNode body = JSON.createObjectNode();
        body.put("symbol", asset.symbol());
        body.put("qty", qty.abs().toPlainString());
        body.put("side", qty.signum() > 0 ? "sell" : "buy");
        body.put("type", "market");
        body.put("time_in_force", asset.crypto() ? "gtc" : "day");
        return submit(body, now);
    }

    // ---- what tests make the market do ----

    /**
     * Moves the market to a resting order's price (a buyer's ask, a seller's bid at its limit, or stop price) and matches
     * at once; false when the order is not open.
     */
    synchronized boolean reach(String id, Instant now) {
        Order order = orders.get(id);
        if (order == null || !OPEN_STATUSES.contains(order.status) || order.status.equals("held")) {
            return false;
        }
        BigDecimal price = order.limitPrice != null ? order.limitPrice : order.stopPrice;
        if (price == null) {
            return false;
        }
        Asset asset = order.asset;
        BigDecimal half = asset.spread().divide(BigDecimal.valueOf(2), asset.priceScale() + 1, RoundingMode.HALF_EVEN);
        mids.put(asset.symbol(), order.side.equals("buy") ? price.subtract(half) : price.add(half));
        match(now);
        return true;
    }

    /** Resting orders fill at most this quantity a step from now on (null: whole). */
    synchronized void liquidity(BigDecimal maxQuantityPerFill) {
        this.liquidity = maxQuantityPerFill;
    }

    /**
     * Ends the regular session now: the market closes, at-the-close orders fill and orders for the day from the session
     * expire, as at 16:00 in New York; it stays closed until the clock is set again.
     */
    synchronized void endTheDay(Instant now) {
        wasOpen = true;
        lastOpen = now;
        clock.set(StubClock.Hours.CLOSED);
        step(now);
    }

    // ---- matching ----

    /** One step of the market: prices move, the session may open or close, and orders that can execute do. */
    synchronized void step(Instant now) {
        for (Map.Entry<String, BigDecimal> entry : mids.entrySet()) {
            Asset asset = assets.get(entry.getKey());
            // a random walk of a few basis points, in BigDecimal: only the draw is a double
            BigDecimal move = entry.getValue().multiply(BigDecimal.valueOf((random.nextDouble() - 0.5) * 0.0004));
            entry.setValue(entry.getValue().add(move).setScale(asset.priceScale() + 2, RoundingMode.HALF_EVEN));
        }
        boolean open = clock.isOpen(now);
        boolean opened = open && !wasOpen;
        boolean closing = !open && wasOpen;
        wasOpen = open;
        if (open) {
            lastOpen = now;
        }
        for (Order order : workingOrders()) {
            if (OPEN_STATUSES.contains(order.status) && !order.status.equals("held")) {
                work(order, now, open, opened, closing);
            }
        }
    }

    /** The orders that may be open; those seen closed leave the set. */
    private List<Order> workingOrders() {
        working.removeIf(order -> !OPEN_STATUSES.contains(order.status));
        return new ArrayList<>(working);
    }

    /** Runs the matching for the orders just submitted, without moving prices. */
    synchronized void match(Instant now) {
        boolean open = clock.isOpen(now);
        for (Order order : workingOrders()) {
            if (OPEN_STATUSES.contains(order.status) && !order.status.equals("held")) {
                work(order, now, open, false, false);
            }
        }
    }

    private void work(Order order, Instant now, boolean open, boolean opened, boolean closing) {
        boolean tradingNow = order.asset.crypto() || open || order.extendedHours;
        if (order.tif.equals("opg")) {
            if (opened) {
                fill(order, order.qty.subtract(order.filledQty), now);
            }
            return;
        }
        if (order.tif.equals("cls")) {
            if (closing) {
                fill(order, order.qty.subtract(order.filledQty), now);
            }
            return;
        }
        if (closing && order.tif.equals("day") && !order.asset.crypto() && !order.createdAt.isAfter(lastOpen)) {
            cancelled(order, "expired", now);
            return;
        }
        if (!tradingNow) {
            return;
        }
        BigDecimal[] quote = quote(order.asset.symbol());
        BigDecimal touch = order.side.equals("buy") ? quote[1] : quote[0];
        boolean buy = order.side.equals("buy");
        boolean executable = switch (order.type) {
            case "market" -> true;
            case "limit" -> buy ? touch.compareTo(order.limitPrice) <= 0 : touch.compareTo(order.limitPrice) >= 0;
            case "stop" -> buy ? touch.compareTo(order.stopPrice) >= 0 : touch.compareTo(order.stopPrice) <= 0;
            case "stop_limit" -> {
                order.triggered |= buy ? touch.compareTo(order.stopPrice) >= 0 : touch.compareTo(order.stopPrice) <= 0;
                yield order.triggered && (buy ? touch.compareTo(order.limitPrice) <= 0 : touch.compareTo(order.limitPrice) >= 0);
            }
            case "trailing_stop" -> {
                // a buy trails the market's low, a sell its high
                order.hwm = order.hwm == null ? touch : buy ? order.hwm.min(touch) : order.hwm.max(touch);
                yield buy ? touch.compareTo(order.hwm.add(order.trailPrice)) >= 0 : touch.compareTo(order.hwm.subtract(order.trailPrice)) <= 0;
            }
            default -> false;
        };
        if (!executable) {
            if (order.tif.equals("ioc") || order.tif.equals("fok")) {
                cancelled(order, "canceled", now);
            }
            return;
        }
        if (order.qty == null) {
            // a notional order becomes the quantity its amount buys at the touch, to 9 decimals
            order.qty = order.notional.divide(touch, 9, RoundingMode.DOWN);
        }
        BigDecimal remaining = order.qty.subtract(order.filledQty);
        boolean partial = remaining.compareTo(partialFillAbove) > 0 && order.filledQty.signum() == 0 && !order.tif.equals("fok");
        BigDecimal now_ = partial ? remaining.divide(BigDecimal.valueOf(2), 0, RoundingMode.DOWN) : remaining;
        if (liquidity != null && now_.compareTo(liquidity) > 0) {
            if (order.tif.equals("fok")) {
                // all or nothing, and there is not enough
                cancelled(order, "canceled", now);
                return;
            }
            now_ = liquidity;
        }
        fill(order, now_, now);
        if (order.tif.equals("ioc") && OPEN_STATUSES.contains(order.status)) {
            cancelled(order, "canceled", now);
        }
    }

    private void fill(Order order, BigDecimal qty, Instant now) {
        if (qty.signum() <= 0) {
            return;
        }
        BigDecimal[] quote = quote(order.asset.symbol());
        BigDecimal touch = order.side.equals("buy") ? quote[1] : quote[0];
        boolean limited = order.type.equals("limit") || order.type.equals("stop_limit");
        BigDecimal price = !limited ? touch : order.side.equals("buy") ? touch.min(order.limitPrice) : touch.max(order.limitPrice);
        BigDecimal filledBefore = order.filledQty;
        order.filledQty = filledBefore.add(qty);
        BigDecimal value = (order.filledAvgPrice == null ? BigDecimal.ZERO : order.filledAvgPrice.multiply(filledBefore)).add(price.multiply(qty));
        order.filledAvgPrice = value.divide(order.filledQty, order.asset.priceScale() + 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        order.updatedAt = now;
        BigDecimal signed = order.side.equals("buy") ? qty : qty.negate();
        cash = cash.subtract(signed.multiply(price));
        BigDecimal[] held = positions.computeIfAbsent(order.asset.symbol(), s -> new BigDecimal[] {BigDecimal.ZERO, price});
        BigDecimal after = held[0].add(signed);
        if (held[0].signum() == 0 || held[0].signum() == signed.signum()) {
            held[1] = held[0].abs().multiply(held[1]).add(qty.multiply(price))
                    .divide(after.abs(), order.asset.priceScale() + 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        } else if (after.signum() != 0 && after.signum() != held[0].signum()) {
            held[1] = price;
        }
        held[0] = after;
        if (after.signum() == 0) {
            positions.remove(order.asset.symbol());
        }
        boolean complete = order.filledQty.compareTo(order.qty) >= 0;
        order.status = complete ? "filled" : "partially_filled";
        if (complete) {
            order.filledAt = now;
        }
        emit(complete ? "fill" : "partial_fill", order, price, qty, now);
        if (complete) {
            for (Order leg : order.legs) {
                leg.status = "new";
                leg.updatedAt = now;
                emit("new", leg, null, null, now);
            }
            if (order.parent != null) {
                // one exit leg filled: the other is cancelled
                for (Order sibling : order.parent.legs) {
                    if (sibling != order && OPEN_STATUSES.contains(sibling.status)) {
                        cancelled(sibling, "canceled", now);
                    }
                }
            }
        }
    }

    private void emit(String event, Order order, BigDecimal price, BigDecimal qty, Instant now) {
        BigDecimal positionQty = positions.containsKey(order.asset.symbol()) ? positions.get(order.asset.symbol())[0] : BigDecimal.ZERO;
        listener.accept(new Update(event, render(order, false), price, qty, positionQty, now));
    }

    private ObjectNode render(Order order, boolean nested) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", order.id);
        node.put("client_order_id", order.clientOrderId);
        node.put("created_at", order.createdAt.toString());
        node.put("updated_at", order.updatedAt.toString());
        node.put("submitted_at", order.createdAt.toString());
        instant(node, "filled_at", order.filledAt);
        node.putNull("expired_at");
        instant(node, "canceled_at", order.canceledAt);
        node.putNull("failed_at");
        instant(node, "replaced_at", order.replacedAt);
        nullable(node, "replaced_by", order.replacedBy);
        nullable(node, "replaces", order.replaces);
        node.put("asset_id", order.asset.id());
        node.put("symbol", order.asset.symbol());
        node.put("asset_class", order.asset.assetClass());
        decimalOrNull(node, "notional", order.notional);
        decimalOrNull(node, "qty", order.qty);
        node.put("filled_qty", order.filledQty.toPlainString());
        decimalOrNull(node, "filled_avg_price", order.filledAvgPrice);
        node.put("order_class", order.orderClass.equals("simple") ? "" : order.orderClass);
        node.put("order_type", order.type);
        node.put("type", order.type);
        node.put("side", order.side);
        node.put("time_in_force", order.tif);
        decimalOrNull(node, "limit_price", order.limitPrice);
        decimalOrNull(node, "stop_price", order.stopPrice);
        node.put("status", order.status);
        node.put("extended_hours", order.extendedHours);
        if (nested && !order.legs.isEmpty()) {
            ArrayNode legs = node.putArray("legs");
            order.legs.forEach(leg -> legs.add(render(leg, false)));
        } else {
            node.putNull("legs");
        }
        node.putNull("trail_percent");
        decimalOrNull(node, "trail_price", order.trailPrice);
        decimalOrNull(node, "hwm", order.hwm);
        return node;
    }

    private static void instant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    private static void nullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void decimalOrNull(ObjectNode node, String field, BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toPlainString());
        }
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String required(JsonNode body, String field, Set<String> allowed) {
        String value = text(body, field);
        if (value == null) {
            throw Refusal.unprocessable(field + " is required");
        }
        if (!allowed.contains(value)) {
            throw Refusal.unprocessable("invalid " + field + " " + value);
        }
        return value;
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw Refusal.unprocessable("invalid " + field + " " + value);
        }
    }
}
