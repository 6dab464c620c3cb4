package io.multibroker.abtest.stats;

/**
 * Watching an experiment while data arrives, without inflating false positives: a Lan-DeMets spending
 * function of the Pocock type, {@code alpha(t) = alpha * ln(1 + (e - 1) t)}, spends the significance
 * level over the information fraction {@code t} (samples so far over the planned sample). Each look
 * tests at the level spent since the previous look; by the union bound the chance of any false
 * "significant" verdict over all looks stays at or below alpha, however often one looks.
 */
public final class AlphaSpending {

    private final double alpha;
    private double spent;

    public AlphaSpending(double alpha) {
        this.alpha = alpha;
    }

    /** Alpha spent up to the information fraction t (0 to 1). */
    public double cumulative(double t) {
        double fraction = Math.max(0, Math.min(1, t));
        return alpha * Math.log(1 + (Math.E - 1) * fraction);
    }

    /**
     * The level to test at for a look at information fraction t, and records it as spent. A look that
     * brings no new information spends nothing.
     */
    public double levelForLook(double t) {
        double total = cumulative(t);
        double level = Math.max(0, total - spent);
        spent = Math.max(spent, total);
        return level;
    }

    public double spent() {
        return spent;
    }
}
