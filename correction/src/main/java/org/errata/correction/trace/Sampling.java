package org.errata.correction.trace;

/** The sampler settings a run used, as stored (mirrors the runtime's SamplingConfig). */
public record Sampling(double temperature, int topK, double topP, double minP, long seed, int maxTokensPerCall) {}
