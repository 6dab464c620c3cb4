package io.multibroker.alpaca;

/**
 * Alpaca's symbols and the runtime's canonical instrument ids: an equity is its ticker on both sides ({@code AAPL});
 * a crypto pair is {@code BTC_USD} in the runtime and {@code BTC/USD} at Alpaca, whose older answers (positions,
 * some trade updates) write it {@code BTCUSD}.
 */
final class Symbols {

    /** The quote currencies Alpaca pairs crypto against, longest first so that USDT is not read as USD plus T. */
    private static final String[] QUOTES = {"USDT", "USDC", "USD", "BTC"};

    private Symbols() {
    }

    /** The canonical id of an Alpaca symbol in any of its forms. */
    static String canonical(String alpaca, boolean crypto) {
        if (alpaca.indexOf('/') >= 0) {
            return alpaca.replace('/', '_');
        }
        if (crypto) {
            for (String quote : QUOTES) {
                if (alpaca.length() > quote.length() && alpaca.endsWith(quote)) {
                    return alpaca.substring(0, alpaca.length() - quote.length()) + "_" + quote;
                }
            }
        }
        return alpaca;
    }

    /** Alpaca's current form of a canonical id: {@code BTC/USD} for a pair, the ticker for an equity. */
    static String alpaca(String canonical) {
        return canonical.replace('_', '/');
    }

    /** Whether a symbol as Alpaca writes it is a crypto pair (it has a slash, or reads as one without). */
    static boolean looksCrypto(String alpaca) {
        if (alpaca.indexOf('/') >= 0) {
            return true;
        }
        for (String quote : QUOTES) {
            if (alpaca.length() > quote.length() + 1 && alpaca.endsWith(quote) && alpaca.length() >= 6) {
                return true;
            }
        }
        return false;
    }
}
