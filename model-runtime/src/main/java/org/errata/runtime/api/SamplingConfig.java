package org.errata.runtime.api;

/**
 * How the next token is chosen. {@code temperature == 0} is greedy decoding, whatever the other
 * knobs say. {@code topK <= 0}, {@code topP >= 1} and {@code minP <= 0} switch those filters off.
 * The same seed, request and model give the same output.
 */
public record SamplingConfig(double temperature, int topK, double topP, double minP, long seed) {

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0: " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1]: " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new IllegalArgumentException("min-p must be in [0, 1): " + minP);
        }
    }

    public static SamplingConfig greedy() {
        return new SamplingConfig(0, 0, 1, 0, 0);
    }

    public static SamplingConfig temperature(double temperature, long seed) {
        return new SamplingConfig(temperature, 0, 1, 0, seed);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingConfig withTemperature(double t) { return new SamplingConfig(t, topK, topP, minP, seed); }
    public SamplingConfig withTopK(int k) { return new SamplingConfig(temperature, k, topP, minP, seed); }
    public SamplingConfig withTopP(double p) { return new SamplingConfig(temperature, topK, p, minP, seed); }
    public SamplingConfig withMinP(double p) { return new SamplingConfig(temperature, topK, topP, p, seed); }
    public SamplingConfig withSeed(long s) { return new SamplingConfig(temperature, topK, topP, minP, s); }
}
