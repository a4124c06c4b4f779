/*
 * Errata's MKL dispatch shim. Intel MKL, which the PyTorch CPU library links in, asks this
 * function whether the processor is an Intel one and, when it is not, runs its generic kernels
 * whatever instructions the processor has. Loaded into the global symbol scope before PyTorch,
 * this definition answers instead, so MKL picks its kernels from the processor's features
 * (AVX2, AVX-512) as it does on Intel processors. Compiled on first use by
 * org.errata.runtime.djl.MklDispatch; turned off with -Derrata.mkl.dispatch=false.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
