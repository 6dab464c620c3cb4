package io.multibroker.quality;

/**
 * The experiment and arm of an order, read from the routing its intent was journalled with. The router writes it as
 * {@code experiment <name> arm <account>}, with {@code (override)} after it when the assigned arm could not take the
 * order; any other routing ({@code direct}, {@code explicit}, {@code capability} ...) has none.
 *
 * @param experiment the experiment, or null
 * @param arm the arm, or null
 * @param override whether the assigned arm was overridden
 */
record ExperimentRouting(String experiment, String arm, boolean override) {

    static final ExperimentRouting NONE = new ExperimentRouting(null, null, false);
    private static final String OVERRIDE = " (override)";

    static ExperimentRouting parse(String routing) {
        if (routing == null || !routing.startsWith("experiment ")) {
            return NONE;
        }
        String rest = routing.substring("experiment ".length());
        boolean override = rest.endsWith(OVERRIDE);
        if (override) {
            rest = rest.substring(0, rest.length() - OVERRIDE.length());
        }
        int arm = rest.indexOf(" arm ");
        if (arm <= 0) {
            return NONE;
        }
        return new ExperimentRouting(rest.substring(0, arm), rest.substring(arm + " arm ".length()), override);
    }
}
