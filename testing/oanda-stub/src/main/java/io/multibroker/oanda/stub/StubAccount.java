package io.multibroker.oanda.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One v20 account and its small matching model. Every change is a transaction with the next id of the
 * account's one sequence, rejects included; an order's id is the id of the transaction that created it and a
 * trade's id the id of the fill that opened it, as in v20. Market orders fill at once at the bid or ask;
 * marketable limit orders fill at once; other LIMIT, STOP and MARKET_IF_TOUCHED orders rest until the price
 * reaches them. A non-hedging account reduces opposite trades first (oldest first); a hedging one opens a new
 * trade. An order the margin cannot carry is accepted and then cancelled with INSUFFICIENT_MARGIN. Dependent
 * orders (stop loss, take profit, trailing stop on fill) are created on the opened trade; they are recorded,
 * not triggered.
 */
final class StubAccount {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MARKET_TIF = Set.of("FOK", "IOC");
    private static final Set<String> PENDING_TIF = Set.of("GTC", "GTD", "GFD", "FOK", "IOC");
    private static final Set<String> MIT_TIF = Set.of("GTC", "GTD", "GFD");

    /** What an endpoint answers: the status and the body. */
    record Answer(int status, ObjectNode body) {
    }

    private static final class Trade {
        final String id;
        final String instrument;
        BigDecimal units;
        final BigDecimal price;
        final Instant openTime;
        final String clientTradeId;

        Trade(String id, String instrument, BigDecimal units, BigDecimal price, Instant openTime, String clientTradeId) {
            this.id = id;
            this.instrument = instrument;
            this.units = units;
            this.price = price;
            this.openTime = openTime;
            this.clientTradeId = clientTradeId;
        }
    }

    final String id;
    private final boolean hedging;
    private final Map<String, StubInstrument> instruments;
    private final StubPrices prices;
    private BigDecimal balance;
    private long lastTransactionId;
    private final List<ObjectNode> transactions = new ArrayList<>();
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    /** The orders still PENDING, apart: every price step looks at them, and long runs leave many filled ones. */
    private final Map<String, ObjectNode> pending = new LinkedHashMap<>();
    private final Map<String, String> orderIdByClientId = new LinkedHashMap<>();
    private final List<Trade> trades = new ArrayList<>();
    private int orderSubmissions;
    /** How many transactions are kept; beyond them a quarter are forgotten at once ({@link #forgetOldest}). */
    private final int retainedTransactions;

    StubAccount(String id, boolean hedging, BigDecimal balance, Map<String, StubInstrument> instruments, StubPrices prices,
            int retainedTransactions) {
        this.id = id;
        this.retainedTransactions = retainedTransactions;
        this.hedging = hedging;
        this.balance = balance;
        this.instruments = instruments;
        this.prices = prices;
        ObjectNode create = transaction("CREATE", Instant.now());
        create.put("homeCurrency", "USD");
        create.put("accountNumber", 1);
    }

    // ---- reads ----

    synchronized ObjectNode summary(Instant now) {
        ObjectNode account = JSON.objectNode();
        BigDecimal unrealized = unrealizedPl();
        BigDecimal marginUsed = marginUsed();
        account.put("id", id);
        account.put("alias", "stand-in");
        account.put("currency", "USD");
        account.put("balance", money(balance));
        account.put("NAV", money(balance.add(unrealized)));
        account.put("unrealizedPL", money(unrealized));
        account.put("marginUsed", money(marginUsed));
        account.put("marginAvailable", money(balance.add(unrealized).subtract(marginUsed)));
        account.put("openTradeCount", trades.size());
        account.put("openPositionCount", (int) trades.stream().map(t -> t.instrument).distinct().count());
        account.put("pendingOrderCount", pending.size());
        account.put("hedgingEnabled", hedging);
        account.put("guaranteedStopLossOrderMode", "DISABLED");
        account.put("marginRate", "0.0333");
        account.put("createdTime", OandaStub.time(Instant.EPOCH));
        account.put("lastTransactionID", String.valueOf(lastTransactionId));
        ObjectNode body = JSON.objectNode();
        body.set("account", account);
        return withLast(body);
    }

    synchronized ObjectNode instruments(Set<String> only) {
        ArrayNode list = JSON.arrayNode();
        for (StubInstrument instrument : instruments.values()) {
            if (only.isEmpty() || only.contains(instrument.name())) {
                ObjectNode node = list.addObject();
                node.put("name", instrument.name());
                node.put("type", instrument.type());
                node.put("displayName", instrument.displayName());
                node.put("pipLocation", instrument.pipLocation());
                node.put("displayPrecision", instrument.displayPrecision());
                node.put("tradeUnitsPrecision", instrument.tradeUnitsPrecision());
                node.put("minimumTradeSize", instrument.minimumTradeSize().toPlainString());
                node.put("maximumTrailingStopDistance", instrument.maximumTrailingStopDistance().toPlainString());
                node.put("minimumTrailingStopDistance", instrument.minimumTrailingStopDistance().toPlainString());
                node.put("maximumPositionSize", instrument.maximumPositionSize().toPlainString());
                node.put("maximumOrderUnits", instrument.maximumOrderUnits().toPlainString());
                node.put("marginRate", instrument.marginRate().toPlainString());
            }
        }
        ObjectNode body = JSON.objectNode();
        body.set("instruments", list);
        return withLast(body);
    }

    /** An order by id or {@code @clientId}, or null. */
    synchronized ObjectNode order(String specifier) {
        String orderId = specifier.startsWith("@") ? orderIdByClientId.get(specifier.substring(1)) : specifier;
        return orderId == null ? null : orders.get(orderId);
    }

    synchronized ObjectNode transaction(String transactionId) {
        long id;
        try {
            id = Long.parseLong(transactionId);
        } catch (NumberFormatException e) {
            return null;
        }
        int index = firstIndexAfter(id - 1);
        ObjectNode found = index < transactions.size() ? transactions.get(index) : null;
        return found != null && found.path("id").asText().equals(transactionId) ? found : null;
    }

    synchronized ArrayNode transactionsSince(long sinceId) {
        ArrayNode list = JSON.arrayNode();
        for (int index = firstIndexAfter(sinceId); index < transactions.size(); index++) {
            list.add(transactions.get(index));
        }
        return list;
    }

    /**
     * The position of the first transaction after this id. Ids are consecutive in the order they were recorded, so it is
     * found by arithmetic: the transaction stream asks every 20 ms, and scanning every transaction each time slowed the
     * stand-in down as its transactions grew (under the account's lock, so its orders too).
     */
    private int firstIndexAfter(long id) {
        if (transactions.isEmpty()) {
            return 0;
        }
        long first = Long.parseLong(transactions.get(0).path("id").asText());
        return (int) Math.min(transactions.size(), Math.max(0, id - first + 1));
    }

    synchronized ObjectNode openTrades(Instant now) {
        ArrayNode list = JSON.arrayNode();
        for (Trade trade : trades) {
            ObjectNode node = list.addObject();
            node.put("id", trade.id);
            node.put("instrument", trade.instrument);
            node.put("price", trade.price.toPlainString());
            node.put("openTime", OandaStub.time(trade.openTime));
            node.put("state", "OPEN");
            node.put("initialUnits", trade.units.toPlainString());
            node.put("currentUnits", trade.units.toPlainString());
            node.put("realizedPL", "0.0000");
            node.put("unrealizedPL", money(unrealizedPl(trade)));
            if (trade.clientTradeId != null) {
                node.putObject("clientExtensions").put("id", trade.clientTradeId);
            }
        }
        ObjectNode body = JSON.objectNode();
        body.set("trades", list);
        return withLast(body);
    }

    synchronized ObjectNode openPositions() {
        ArrayNode list = JSON.arrayNode();
        Map<String, List<Trade>> byInstrument = new LinkedHashMap<>();
        trades.forEach(t -> byInstrument.computeIfAbsent(t.instrument, k -> new ArrayList<>()).add(t));
        byInstrument.forEach((instrument, open) -> {
            ObjectNode position = list.addObject();
            position.put("instrument", instrument);
            position.set("long", side(open, true));
            position.set("short", side(open, false));
            BigDecimal unrealized = open.stream().map(this::unrealizedPl).reduce(BigDecimal.ZERO, BigDecimal::add);
            position.put("unrealizedPL", money(unrealized));
            position.put("pl", "0.0000");
            position.put("marginUsed", money(open.stream().map(this::margin).reduce(BigDecimal.ZERO, BigDecimal::add)));
        });
        ObjectNode body = JSON.objectNode();
        body.set("positions", list);
        return withLast(body);
    }

    private ObjectNode side(List<Trade> open, boolean longSide) {
        ObjectNode side = JSON.objectNode();
        BigDecimal units = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        ArrayNode ids = JSON.arrayNode();
        for (Trade trade : open) {
            if ((trade.units.signum() > 0) == longSide) {
                units = units.add(trade.units);
                cost = cost.add(trade.units.multiply(trade.price));
                ids.add(trade.id);
            }
        }
        side.put("units", units.toPlainString());
        if (units.signum() != 0) {
            int precision = instruments.get(open.get(0).instrument).displayPrecision() + 1;
            side.put("averagePrice", cost.divide(units, precision, RoundingMode.HALF_EVEN).toPlainString());
            side.set("tradeIDs", ids);
        }
        side.put("pl", "0.0000");
        side.put("unrealizedPL", "0.0000");
        return side;
    }

    synchronized long lastTransactionId() {
        return lastTransactionId;
    }

    synchronized int orderSubmissions() {
        return orderSubmissions;
    }

    /** How many orders the account holds that were sent with this client order id. */
    synchronized long ordersWithClientId(String clientOrderId) {
        return orders.values().stream().filter(o -> clientOrderId.equals(o.path("clientExtensions").path("id").asText(null))).count();
    }

    // ---- changes ----

    /** POST /orders: 201 with the create (and fill or cancel) transaction, or 400 with the reject. */
    synchronized Answer createOrder(JsonNode body, Instant now) {
        orderSubmissions++;
        return place(body, null, now);
    }

    /**
     * PUT /orders/{spec}: v20's replace, a cancel and a create in one request. The new order is validated first (a
     * reject leaves the old one resting); then the old one is cancelled with CLIENT_REQUEST_REPLACED and names the
     * new one ({@code replacedByOrderID}), and the new one, created with the reason REPLACEMENT, names the old one
     * ({@code replacesOrderID}). 201 with {@code orderCancelTransaction} (the replaced order's) and
     * {@code orderCreateTransaction}, with {@code orderFillTransaction} or {@code replacingOrderCancelTransaction} when
     * the new order filled or was cancelled at once; 404 when there is no pending order to replace.
     */
    synchronized Answer replaceOrder(String specifier, JsonNode body, Instant now) {
        ObjectNode old = order(specifier);
        if (old == null || !"PENDING".equals(old.path("state").asText()) || !old.has("instrument")) {
            return orderDoesntExist(old == null ? specifier : old.path("id").asText(), now);
        }
        JsonNode request = body == null ? null : body.get("order");
        if (request != null && request.isObject() && !request.path("type").asText("").equals(old.path("type").asText())) {
            return error(400, "INVALID_PARAMETER", "A replacing order must have the type of the order it replaces ("
                    + old.path("type").asText() + ")");
        }
        orderSubmissions++;
        return place(body, old, now);
    }

    /** GET /pendingOrders: every order still PENDING, entry and dependent orders alike. */
    synchronized ObjectNode pendingOrders() {
        ArrayNode list = JSON.arrayNode();
        pending.values().forEach(order -> list.add(order.deepCopy()));
        ObjectNode body = JSON.objectNode();
        body.set("orders", list);
        return withLast(body);
    }

    /**
     * Moves the market to a pending entry order (a buy's ask, a sell's bid at its price) and runs the matching, so that
     * it fills as OANDA would fill it there; false when there is no such pending order.
     */
    boolean reach(String orderId, Instant now) {
        // the price lock keeps the stand-in's own price step from moving the market between the move and the match
        synchronized (prices) {
            ObjectNode order;
            synchronized (this) {
                order = pending.get(orderId);
                if (order == null || !order.has("instrument") || !order.has("price")) {
                    return false;
                }
                order = order.deepCopy();
            }
            prices.reach(order.path("instrument").asText(), new BigDecimal(order.path("units").asText()).signum() > 0,
                    new BigDecimal(order.path("price").asText()), now);
            onPrices(now);
            return true;
        }
    }

    private Answer place(JsonNode body, ObjectNode replaces, Instant now) {
        JsonNode request = body == null ? null : body.get("order");
        if (request == null || !request.isObject()) {
            return error(400, "INVALID_PARAMETER", "The request was missing required data: 'order'");
        }
        String type = request.path("type").asText("");
        String transactionType = switch (type) {
            case "MARKET" -> "MARKET_ORDER";
            case "LIMIT" -> "LIMIT_ORDER";
            case "STOP" -> "STOP_ORDER";
            case "MARKET_IF_TOUCHED" -> "MARKET_IF_TOUCHED_ORDER";
            default -> null;
        };
        if (transactionType == null) {
            return error(400, "INVALID_PARAMETER", "Invalid value specified for 'type'");
        }
        String rejectReason = validate(type, request, now);
        if (rejectReason != null) {
            ObjectNode reject = transaction(transactionType + "_REJECT", now);
            copyRequest(request, reject);
            reject.put("reason", "CLIENT_ORDER");
            reject.put("rejectReason", rejectReason);
            ObjectNode answer = JSON.objectNode();
            answer.set("orderRejectTransaction", reject);
            answer.set("relatedTransactionIDs", JSON.arrayNode().add(reject.path("id").asText()));
            answer.put("errorCode", rejectReason);
            answer.put("errorMessage", "The order was rejected: " + rejectReason);
            return new Answer(400, withLast(answer));
        }
        // a replace cancels the old order first: its transaction comes before the create, as at OANDA
        ObjectNode replacedCancel = replaces == null ? null : cancelTransaction(replaces, "CLIENT_REQUEST_REPLACED", now);
        ObjectNode create = transaction(transactionType, now);
        copyRequest(request, create);
        create.put("reason", replaces == null ? "CLIENT_ORDER" : "REPLACEMENT");
        String orderId = create.path("id").asText();
        if (replaces != null) {
            create.put("replacesOrderID", replaces.path("id").asText());
            replacedCancel.put("replacedByOrderID", orderId);
            replaces.put("replacedByOrderID", orderId);
        }
        ObjectNode order = create.deepCopy();
        order.put("type", type);
        order.remove(List.of("accountID", "userID", "batchID", "requestID", "time", "reason"));
        order.put("id", orderId);
        order.put("createTime", OandaStub.time(now));
        order.put("state", "PENDING");
        orders.put(orderId, order);
        pending.put(orderId, order);
        String clientId = request.path("clientExtensions").path("id").asText(null);
        if (clientId != null) {
            orderIdByClientId.put(clientId, orderId);
        }
        ObjectNode answer = JSON.objectNode();
        ArrayNode related = JSON.arrayNode();
        if (replacedCancel != null) {
            answer.set("orderCancelTransaction", replacedCancel);
            related.add(replacedCancel.path("id").asText());
        }
        answer.set("orderCreateTransaction", create);
        related.add(orderId);
        // the new order's own cancel, where it is cancelled at once: under its own name in a replace's answer
        String ownCancel = replaces == null ? "orderCancelTransaction" : "replacingOrderCancelTransaction";
        StubPrices.Quote quote = prices.quote(request.path("instrument").asText());
        BigDecimal units = new BigDecimal(request.path("units").asText());
        boolean buy = units.signum() > 0;
        boolean marketable = type.equals("MARKET") || triggered(type, buy, new BigDecimal(request.path("price").asText()), quote);
        String tif = request.path("timeInForce").asText(type.equals("MARKET") ? "FOK" : "GTC");
        if (marketable) {
            BigDecimal fillPrice = buy ? quote.ask() : quote.bid();
            if (!hedging && reducesOnly(request.path("instrument").asText(), units) == null && !marginCarries(request, units, fillPrice)
                    || hedging && !marginCarries(request, units, fillPrice)) {
                ObjectNode cancel = cancelTransaction(order, "INSUFFICIENT_MARGIN", now);
                answer.set(ownCancel, cancel);
                related.add(cancel.path("id").asText());
            } else {
                ObjectNode fill = fill(order, request, fillPrice, now);
                answer.set("orderFillTransaction", fill);
                related.add(fill.path("id").asText());
                dependentOrders(request, fill, now).forEach(d -> related.add(d.path("id").asText()));
            }
        } else if (tif.equals("FOK") || tif.equals("IOC")) {
            // a pending order that must fill at once and cannot
            ObjectNode cancel = cancelTransaction(order, "BOUNDS_VIOLATION", now);
            answer.set(ownCancel, cancel);
            related.add(cancel.path("id").asText());
        }
        answer.set("relatedTransactionIDs", related);
        return new Answer(201, withLast(answer));
    }

    /** PUT /orders/{spec}/cancel */
    synchronized Answer cancelOrder(String specifier, Instant now) {
        ObjectNode order = order(specifier);
        if (order == null || !"PENDING".equals(order.path("state").asText())) {
            return orderDoesntExist(order == null ? specifier : order.path("id").asText(), now);
        }
        ObjectNode cancel = cancelTransaction(order, "CLIENT_REQUEST", now);
        ObjectNode answer = JSON.objectNode();
        answer.set("orderCancelTransaction", cancel);
        answer.set("relatedTransactionIDs", JSON.arrayNode().add(cancel.path("id").asText()));
        return new Answer(200, withLast(answer));
    }

    /** 404 with the reject of a cancel (or replace) of an order that is not pending. */
    private Answer orderDoesntExist(String orderId, Instant now) {
        ObjectNode reject = transaction("ORDER_CANCEL_REJECT", now);
        reject.put("orderID", orderId);
        reject.put("rejectReason", "ORDER_DOESNT_EXIST");
        ObjectNode answer = JSON.objectNode();
        answer.set("orderCancelRejectTransaction", reject);
        answer.set("relatedTransactionIDs", JSON.arrayNode().add(reject.path("id").asText()));
        answer.put("errorCode", "ORDER_DOESNT_EXIST");
        answer.put("errorMessage", "The Order specified does not exist");
        return new Answer(404, withLast(answer));
    }

    /** PUT /positions/{instrument}/close with {@code longUnits} and {@code shortUnits} of ALL or NONE. */
    synchronized Answer closePosition(String instrument, JsonNode body, Instant now) {
        String longUnits = body == null ? "ALL" : body.path("longUnits").asText("NONE");
        String shortUnits = body == null ? "ALL" : body.path("shortUnits").asText("NONE");
        BigDecimal longOpen = BigDecimal.ZERO;
        BigDecimal shortOpen = BigDecimal.ZERO;
        for (Trade trade : trades) {
            if (trade.instrument.equals(instrument)) {
                if (trade.units.signum() > 0) {
                    longOpen = longOpen.add(trade.units);
                } else {
                    shortOpen = shortOpen.add(trade.units.negate());
                }
            }
        }
        // as OANDA does: ALL for a side that is flat refuses the whole request (400), and so does a close of an
        // instrument with nothing open at all (404); each refused side gets a reject transaction, nothing is closed
        boolean nothingOpen = longOpen.signum() == 0 && shortOpen.signum() == 0;
        boolean longFlat = longUnits.equals("ALL") && longOpen.signum() == 0;
        boolean shortFlat = shortUnits.equals("ALL") && shortOpen.signum() == 0;
        if (nothingOpen || longFlat || shortFlat) {
            ObjectNode answer = JSON.objectNode();
            ArrayNode related = JSON.arrayNode();
            if (longFlat) {
                answer.set("longOrderRejectTransaction", closeoutReject(instrument, "long", related, now));
            }
            if (shortFlat) {
                answer.set("shortOrderRejectTransaction", closeoutReject(instrument, "short", related, now));
            }
            answer.set("relatedTransactionIDs", related);
            answer.put("errorCode", "CLOSEOUT_POSITION_DOESNT_EXIST");
            answer.put("errorMessage", "The Position requested to be closed out does not exist");
            return new Answer(nothingOpen ? 404 : 400, withLast(answer));
        }
        ObjectNode answer = JSON.objectNode();
        ArrayNode related = JSON.arrayNode();
        if (longUnits.equals("ALL") && longOpen.signum() > 0) {
            closeSide(instrument, longOpen.negate(), "long", answer, related, now);
        }
        if (shortUnits.equals("ALL") && shortOpen.signum() > 0) {
            closeSide(instrument, shortOpen, "short", answer, related, now);
        }
        answer.set("relatedTransactionIDs", related);
        return new Answer(200, withLast(answer));
    }

    private ObjectNode closeoutReject(String instrument, String side, ArrayNode related, Instant now) {
        ObjectNode reject = transaction("MARKET_ORDER_REJECT", now);
        reject.put("instrument", instrument);
        reject.put("timeInForce", "FOK");
        reject.put("positionFill", "REDUCE_ONLY");
        reject.put("reason", "POSITION_CLOSEOUT");
        reject.putObject(side + "PositionCloseout").put("instrument", instrument).put("units", "ALL");
        reject.put("rejectReason", "CLOSEOUT_POSITION_DOESNT_EXIST");
        related.add(reject.path("id").asText());
        return reject;
    }

    private void closeSide(String instrument, BigDecimal units, String side, ObjectNode answer, ArrayNode related, Instant now) {
        ObjectNode create = transaction("MARKET_ORDER", now);
        create.put("instrument", instrument);
        create.put("units", units.toPlainString());
        create.put("timeInForce", "FOK");
        create.put("positionFill", "REDUCE_ONLY");
        create.put("reason", "POSITION_CLOSEOUT");
        create.putObject(side.equals("long") ? "longPositionCloseout" : "shortPositionCloseout").put("instrument", instrument)
                .put("units", "ALL");
        ObjectNode order = create.deepCopy();
        order.remove(List.of("accountID", "userID", "batchID", "requestID", "time", "reason"));
        order.put("type", "MARKET");
        order.put("createTime", OandaStub.time(now));
        order.put("state", "PENDING");
        orders.put(create.path("id").asText(), order);
        pending.put(create.path("id").asText(), order);
        StubPrices.Quote quote = prices.quote(instrument);
        ObjectNode fill = fill(order, create, units.signum() > 0 ? quote.ask() : quote.bid(), now);
        answer.set(side + "OrderCreateTransaction", create);
        answer.set(side + "OrderFillTransaction", fill);
        related.add(create.path("id").asText()).add(fill.path("id").asText());
    }

    /** A price step: pending orders the price reached are filled, expired GTD orders cancelled. */
    synchronized void onPrices(Instant now) {
        for (ObjectNode order : new ArrayList<>(pending.values())) {
            if (!order.has("instrument")) {
                continue;
            }
            if ("GTD".equals(order.path("timeInForce").asText()) && order.has("gtdTime")
                    && OandaStub.parseTime(order.path("gtdTime").asText()).isBefore(now)) {
                cancelTransaction(order, "TIME_IN_FORCE_EXPIRED", now);
                continue;
            }
            BigDecimal units = new BigDecimal(order.path("units").asText());
            StubPrices.Quote quote = prices.quote(order.path("instrument").asText());
            if (triggered(order.path("type").asText(), units.signum() > 0, new BigDecimal(order.path("price").asText()), quote)) {
                BigDecimal price = units.signum() > 0 ? quote.ask() : quote.bid();
                if (marginCarries(order, units, price) || !hedging && reducesOnly(order.path("instrument").asText(), units) != null) {
                    ObjectNode fill = fill(order, order, price, now);
                    dependentOrders(order, fill, now);
                } else {
                    cancelTransaction(order, "INSUFFICIENT_MARGIN", now);
                }
            }
        }
    }

    // ---- the model ----

    private String validate(String type, JsonNode request, Instant now) {
        StubInstrument instrument = instruments.get(request.path("instrument").asText(""));
        if (!request.hasNonNull("instrument")) {
            return "INSTRUMENT_MISSING";
        }
        if (instrument == null) {
            return "INSTRUMENT_UNKNOWN";
        }
        if (!request.hasNonNull("units")) {
            return "UNITS_MISSING";
        }
        BigDecimal units = decimal(request.path("units"));
        if (units == null || units.signum() == 0) {
            return "UNITS_INVALID";
        }
        if (units.stripTrailingZeros().scale() > instrument.tradeUnitsPrecision()) {
            return "UNITS_PRECISION_EXCEEDED";
        }
        if (units.abs().compareTo(instrument.maximumOrderUnits()) > 0) {
            return "UNITS_LIMIT_EXCEEDED";
        }
        if (units.abs().compareTo(instrument.minimumTradeSize()) < 0) {
            return "UNITS_MIMIMUM_NOT_MET";
        }
        String tif = request.path("timeInForce").asText(type.equals("MARKET") ? "FOK" : "GTC");
        Set<String> allowed = type.equals("MARKET") ? MARKET_TIF : type.equals("MARKET_IF_TOUCHED") ? MIT_TIF : PENDING_TIF;
        if (!allowed.contains(tif)) {
            return "TIME_IN_FORCE_INVALID";
        }
        if (tif.equals("GTD")) {
            if (!request.hasNonNull("gtdTime")) {
                return "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING";
            }
            if (OandaStub.parseTime(request.path("gtdTime").asText()).isBefore(now)) {
                return "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST";
            }
        }
        if (!type.equals("MARKET")) {
            if (!request.hasNonNull("price")) {
                return "PRICE_MISSING";
            }
            BigDecimal price = decimal(request.path("price"));
            if (price == null || price.signum() <= 0) {
                return "PRICE_INVALID";
            }
            if (price.stripTrailingZeros().scale() > instrument.displayPrecision()) {
                return "PRICE_PRECISION_EXCEEDED";
            }
        }
        String onFill = onFillViolation(request, instrument);
        if (onFill != null) {
            return onFill;
        }
        String clientId = request.path("clientExtensions").path("id").asText(null);
        if (clientId != null && orderIdByClientId.containsKey(clientId)
                && "PENDING".equals(orders.get(orderIdByClientId.get(clientId)).path("state").asText())) {
            return "CLIENT_ORDER_ID_ALREADY_EXISTS";
        }
        return null;
    }

    private static String onFillViolation(JsonNode request, StubInstrument instrument) {
        JsonNode stopLoss = request.path("stopLossOnFill");
        if (stopLoss.isObject()) {
            BigDecimal price = decimal(stopLoss.path("price"));
            if (price == null) {
                return stopLoss.has("price") ? "STOP_LOSS_ON_FILL_PRICE_INVALID" : "STOP_LOSS_ON_FILL_PRICE_MISSING";
            }
            if (price.stripTrailingZeros().scale() > instrument.displayPrecision()) {
                return "STOP_LOSS_ON_FILL_PRICE_PRECISION_EXCEEDED";
            }
        }
        JsonNode takeProfit = request.path("takeProfitOnFill");
        if (takeProfit.isObject()) {
            BigDecimal price = decimal(takeProfit.path("price"));
            if (price == null) {
                return takeProfit.has("price") ? "TAKE_PROFIT_ON_FILL_PRICE_INVALID" : "TAKE_PROFIT_ON_FILL_PRICE_MISSING";
            }
            if (price.stripTrailingZeros().scale() > instrument.displayPrecision()) {
                return "TAKE_PROFIT_ON_FILL_PRICE_PRECISION_EXCEEDED";
            }
        }
        JsonNode trailing = request.path("trailingStopLossOnFill");
        if (trailing.isObject()) {
            BigDecimal distance = decimal(trailing.path("distance"));
            if (distance == null) {
                return trailing.has("distance") ? "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID"
                        : "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MISSING";
            }
            if (distance.stripTrailingZeros().scale() > instrument.displayPrecision()) {
                return "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_PRECISION_EXCEEDED";
            }
            if (distance.compareTo(instrument.minimumTrailingStopDistance()) < 0) {
                return "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MINIMUM_NOT_MET";
            }
            if (distance.compareTo(instrument.maximumTrailingStopDistance()) > 0) {
                return "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MAXIMUM_EXCEEDED";
            }
        }
        return null;
    }

    /** Decimal numbers travel as JSON strings in v20; a JSON number is refused as v20 would refuse it. */
    private static BigDecimal decimal(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean triggered(String type, boolean buy, BigDecimal price, StubPrices.Quote quote) {
        return switch (type) {
            // a buy limit fills at or below its price; a sell limit at or above
            case "LIMIT", "MARKET_IF_TOUCHED" -> buy ? quote.ask().compareTo(price) <= 0 : quote.bid().compareTo(price) >= 0;
            // a buy stop fills at or above its price; a sell stop at or below
            case "STOP" -> buy ? quote.ask().compareTo(price) >= 0 : quote.bid().compareTo(price) <= 0;
            default -> true;
        };
    }

    /** The trades an order of these units would reduce (netting), or null when it opens or adds. */
    private List<Trade> reducesOnly(String instrument, BigDecimal units) {
        List<Trade> opposite = new ArrayList<>();
        BigDecimal available = BigDecimal.ZERO;
        for (Trade trade : trades) {
            if (trade.instrument.equals(instrument) && trade.units.signum() != units.signum()) {
                opposite.add(trade);
                available = available.add(trade.units.abs());
            }
        }
        return available.compareTo(units.abs()) >= 0 ? opposite : null;
    }

    private boolean marginCarries(JsonNode request, BigDecimal units, BigDecimal price) {
        StubInstrument instrument = instruments.get(request.path("instrument").asText());
        BigDecimal needed = notionalUsd(instrument.name(), units.abs(), price).multiply(instrument.marginRate());
        BigDecimal available = balance.add(unrealizedPl()).subtract(marginUsed());
        return needed.compareTo(available) <= 0;
    }

    private ObjectNode fill(ObjectNode order, JsonNode request, BigDecimal price, Instant now) {
        String instrument = request.path("instrument").asText();
        BigDecimal units = new BigDecimal(request.path("units").asText());
        ObjectNode fill = transaction("ORDER_FILL", now);
        fill.put("orderID", order.path("id").asText());
        if (order.has("clientExtensions")) {
            fill.set("clientOrderID", order.path("clientExtensions").path("id"));
        }
        fill.put("instrument", instrument);
        fill.put("units", units.toPlainString());
        fill.put("price", price.toPlainString());
        fill.put("fullVWAP", price.toPlainString());
        fill.put("reason", order.path("type").asText("MARKET") + "_ORDER");
        BigDecimal remaining = units;
        BigDecimal realized = BigDecimal.ZERO;
        // a position closeout (REDUCE_ONLY) reduces trades on a hedging account too, rather than opening the other side
        if (!hedging || "REDUCE_ONLY".equals(request.path("positionFill").asText())) {
            ArrayNode closed = JSON.arrayNode();
            for (Iterator<Trade> open = trades.iterator(); open.hasNext() && remaining.signum() != 0;) {
                Trade trade = open.next();
                if (!trade.instrument.equals(instrument) || trade.units.signum() == remaining.signum()) {
                    continue;
                }
                BigDecimal closing = trade.units.abs().min(remaining.abs());
                BigDecimal signedClosing = closing.multiply(BigDecimal.valueOf(trade.units.signum()));
                BigDecimal pl = price.subtract(trade.price).multiply(signedClosing);
                realized = realized.add(plUsd(instrument, pl, price));
                if (closing.compareTo(trade.units.abs()) == 0) {
                    open.remove();
                    closed.addObject().put("tradeID", trade.id).put("units", signedClosing.negate().toPlainString())
                            .put("price", price.toPlainString()).put("realizedPL", money(plUsd(instrument, pl, price)));
                } else {
                    trade.units = trade.units.subtract(signedClosing);
                    fill.putObject("tradeReduced").put("tradeID", trade.id).put("units", signedClosing.negate().toPlainString())
                            .put("price", price.toPlainString()).put("realizedPL", money(plUsd(instrument, pl, price)));
                }
                remaining = remaining.add(signedClosing);
            }
            if (!closed.isEmpty()) {
                fill.set("tradesClosed", closed);
            }
        }
        if (remaining.signum() != 0) {
            String clientTradeId = request.path("tradeClientExtensions").path("id").asText(null);
            trades.add(new Trade(fill.path("id").asText(), instrument, remaining, price, now, clientTradeId));
            fill.putObject("tradeOpened").put("tradeID", fill.path("id").asText()).put("units", remaining.toPlainString())
                    .put("price", price.toPlainString());
        }
        balance = balance.add(realized);
        fill.put("pl", money(realized));
        fill.put("financing", "0.0000");
        fill.put("commission", "0.0000");
        fill.put("accountBalance", money(balance));
        order.put("state", "FILLED");
        pending.remove(order.path("id").asText());
        order.put("fillingTransactionID", fill.path("id").asText());
        order.put("filledTime", OandaStub.time(now));
        if (fill.has("tradeOpened")) {
            order.put("tradeOpenedID", fill.path("id").asText());
        }
        return fill;
    }

    private List<ObjectNode> dependentOrders(JsonNode request, ObjectNode fill, Instant now) {
        List<ObjectNode> created = new ArrayList<>();
        if (!fill.has("tradeOpened")) {
            return created;
        }
        String tradeId = fill.path("tradeOpened").path("tradeID").asText();
        for (String[] kind : new String[][] {{"takeProfitOnFill", "TAKE_PROFIT"}, {"stopLossOnFill", "STOP_LOSS"},
                {"trailingStopLossOnFill", "TRAILING_STOP_LOSS"}}) {
            JsonNode details = request.path(kind[0]);
            if (details.isObject()) {
                ObjectNode dependent = transaction(kind[1] + "_ORDER", now);
                dependent.put("tradeID", tradeId);
                details.fields().forEachRemaining(e -> dependent.set(e.getKey(), e.getValue()));
                dependent.put("timeInForce", details.path("timeInForce").asText("GTC"));
                dependent.put("reason", "ON_FILL");
                ObjectNode order = dependent.deepCopy();
                order.remove(List.of("accountID", "userID", "batchID", "requestID", "time", "reason"));
                order.put("type", kind[1]);
                order.put("createTime", OandaStub.time(now));
                order.put("state", "PENDING");
                orders.put(dependent.path("id").asText(), order);
                pending.put(dependent.path("id").asText(), order);
                created.add(dependent);
            }
        }
        return created;
    }

    private ObjectNode cancelTransaction(ObjectNode order, String reason, Instant now) {
        ObjectNode cancel = transaction("ORDER_CANCEL", now);
        cancel.put("orderID", order.path("id").asText());
        if (order.has("clientExtensions")) {
            cancel.set("clientOrderID", order.path("clientExtensions").path("id"));
        }
        cancel.put("reason", reason);
        order.put("state", "CANCELLED");
        pending.remove(order.path("id").asText());
        order.put("cancellingTransactionID", cancel.path("id").asText());
        order.put("cancelledTime", OandaStub.time(now));
        return cancel;
    }

    private ObjectNode transaction(String type, Instant now) {
        ObjectNode transaction = JSON.objectNode();
        String transactionId = String.valueOf(++lastTransactionId);
        transaction.put("id", transactionId);
        transaction.put("time", OandaStub.time(now));
        transaction.put("userID", 1);
        transaction.put("accountID", id);
        transaction.put("batchID", transactionId);
        transaction.put("requestID", "7" + transactionId);
        transaction.put("type", type);
        transactions.add(transaction);
        if (transactions.size() > retainedTransactions) {
            forgetOldest(retainedTransactions / 4);
        }
        return transaction;
    }

    /**
     * Forgets the oldest transactions, and the orders they created that are no longer pending: a lookup of either is then
     * answered as for an id that never existed. Done in batches, so that the cost is spread over many transactions.
     */
    private void forgetOldest(int count) {
        transactions.subList(0, count).clear();
        long firstKept = Long.parseLong(transactions.get(0).path("id").asText());
        for (Iterator<Map.Entry<String, ObjectNode>> created = orders.entrySet().iterator(); created.hasNext();) {
            String orderId = created.next().getKey();
            if (Long.parseLong(orderId) >= firstKept) {
                break;
            }
            if (!pending.containsKey(orderId)) {
                created.remove();
            }
        }
        orderIdByClientId.values().removeIf(orderId -> !orders.containsKey(orderId));
    }

    private static void copyRequest(JsonNode request, ObjectNode into) {
        request.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) {
                into.set(e.getKey(), e.getValue());
            }
        });
        if (!into.has("timeInForce")) {
            into.put("timeInForce", request.path("type").asText().equals("MARKET") ? "FOK" : "GTC");
        }
        if (!into.has("positionFill")) {
            into.put("positionFill", "DEFAULT");
        }
    }

    private ObjectNode withLast(ObjectNode body) {
        body.put("lastTransactionID", String.valueOf(lastTransactionId));
        return body;
    }

    private Answer error(int status, String code, String message) {
        ObjectNode body = JSON.objectNode();
        body.put("errorCode", code);
        body.put("errorMessage", message);
        return new Answer(status, body);
    }

    private BigDecimal unrealizedPl() {
        return trades.stream().map(this::unrealizedPl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal unrealizedPl(Trade trade) {
        StubPrices.Quote quote = prices.quote(trade.instrument);
        BigDecimal exit = trade.units.signum() > 0 ? quote.bid() : quote.ask();
        return plUsd(trade.instrument, exit.subtract(trade.price).multiply(trade.units), exit);
    }

    private BigDecimal marginUsed() {
        return trades.stream().map(this::margin).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal margin(Trade trade) {
        StubPrices.Quote quote = prices.quote(trade.instrument);
        return notionalUsd(trade.instrument, trade.units.abs(), quote.bid()).multiply(instruments.get(trade.instrument).marginRate());
    }

    /** The value of units in US dollars: quote-currency USD at the price, base-currency USD as is. */
    private static BigDecimal notionalUsd(String instrument, BigDecimal units, BigDecimal price) {
        return instrument.startsWith("USD_") ? units : units.multiply(price);
    }

    /** A profit in the quote currency, in US dollars. */
    private static BigDecimal plUsd(String instrument, BigDecimal pl, BigDecimal price) {
        return instrument.startsWith("USD_") ? pl.divide(price, 10, RoundingMode.HALF_EVEN) : pl;
    }

    private static String money(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }
}
