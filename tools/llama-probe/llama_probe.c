// llama-probe: a minimal driver of llama.cpp's C API for Errata's reference checks.
//
//   llama-probe LIBDIR logits MODEL.gguf THREADS ID,ID,...
//       prints one line per prompt position: the raw logits over the vocabulary.
//   llama-probe LIBDIR bench MODEL.gguf THREADS PROMPT_LEN DECODE_LEN BATCH
//       prints prefill_tok_s, decode_tok_s (one sequence, greedy; the best of three runs) and batched_tok_s
//       (BATCH requests of 8-token prompts, prefilled and decoded together: aggregate generated tokens/s).
//
// LIBDIR is the folder holding the ggml CPU backends (loaded at run time).
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "llama.h"
#include "ggml-backend.h"

static void quiet(enum ggml_log_level level, const char *text, void *user) {
    (void) user;
    if (level >= GGML_LOG_LEVEL_ERROR) fputs(text, stderr);
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

static void die(const char *msg) {
    fprintf(stderr, "llama-probe: %s\n", msg);
    exit(2);
}

// exact: f32 KV cache and no flash attention, so logits are computed in f32 throughout (the
// defaults keep K and V in f16, which moves logits by ~1e-2; benchmarks keep the defaults).
static struct llama_context *open_context(struct llama_model *model, int threads, int n_ctx, int n_batch, int n_seq,
                                          int exact) {
    struct llama_context_params cp = llama_context_default_params();
    cp.n_ctx = (uint32_t) n_ctx;
    cp.n_batch = (uint32_t) n_batch;
    cp.n_ubatch = (uint32_t) n_batch;
    cp.n_seq_max = (uint32_t) n_seq;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    cp.no_perf = true;
    if (exact) {
        cp.type_k = GGML_TYPE_F32;
        cp.type_v = GGML_TYPE_F32;
        cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
    }
    struct llama_context *ctx = llama_init_from_model(model, cp);
    if (!ctx) die("cannot create a context");
    return ctx;
}

static void add(struct llama_batch *b, llama_token tok, llama_pos pos, llama_seq_id seq, int8_t logits) {
    int i = b->n_tokens++;
    b->token[i] = tok;
    b->pos[i] = pos;
    b->n_seq_id[i] = 1;
    b->seq_id[i][0] = seq;
    b->logits[i] = logits;
}

static llama_token argmax(const float *logits, int n_vocab) {
    int best = 0;
    for (int i = 1; i < n_vocab; i++) if (logits[i] > logits[best]) best = i;
    return best;
}

static int run_logits(struct llama_model *model, int threads, const char *ids) {
    int cap = 16, n = 0;
    llama_token *toks = malloc(sizeof(llama_token) * cap);
    for (const char *p = ids; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) die("bad token list");
        if (n == cap) toks = realloc(toks, sizeof(llama_token) * (cap *= 2));
        toks[n++] = (llama_token) v;
        p = *end == ',' ? end + 1 : end;
    }
    int n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(model));
    struct llama_context *ctx = open_context(model, threads, n < 64 ? 64 : n, n, 1, 1);
    struct llama_batch b = llama_batch_init(n, 0, 1);
    for (int i = 0; i < n; i++) add(&b, toks[i], i, 0, 1);
    if (llama_decode(ctx, b) != 0) die("llama_decode failed");
    for (int i = 0; i < n; i++) {
        const float *l = llama_get_logits_ith(ctx, i);
        for (int v = 0; v < n_vocab; v++) printf(v ? " %.8g" : "%.8g", l[v]);
        putchar('\n');
    }
    llama_batch_free(b);
    llama_free(ctx);
    free(toks);
    return 0;
}

static double load_seconds; // llama_model_load_from_file's wall time (memory-mapped by default)

static int run_bench(struct llama_model *model, int threads, int prompt_len, int decode_len, int batch) {
    int n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(model));
    int n_ctx = prompt_len + decode_len + 8;
    int cap = prompt_len > batch ? prompt_len : batch;
    struct llama_batch b = llama_batch_init(cap, 0, 1);
    srand(7);

    // Single stream: prefill PROMPT_LEN tokens, then greedy-decode DECODE_LEN tokens. Three runs, each
    // in a fresh context with its own random prompt; the best prefill and the best decode are kept
    // (as Errata's embedded bench does), so neither engine's figure carries its first call's set-up.
    double best_prefill = 0, best_decode = 0;
    for (int run = 0; run < 3; run++) {
        struct llama_context *ctx = open_context(model, threads, n_ctx, prompt_len, 1, 0);
        b.n_tokens = 0;
        for (int i = 0; i < prompt_len; i++) add(&b, 1 + rand() % (n_vocab - 1), i, 0, i == prompt_len - 1);
        double t0 = now_s();
        if (llama_decode(ctx, b) != 0) die("prefill failed");
        double t1 = now_s();
        llama_token next = argmax(llama_get_logits_ith(ctx, prompt_len - 1), n_vocab);
        for (int i = 0; i < decode_len; i++) {
            b.n_tokens = 0;
            add(&b, next, prompt_len + i, 0, 1);
            if (llama_decode(ctx, b) != 0) die("decode failed");
            next = argmax(llama_get_logits_ith(ctx, 0), n_vocab);
        }
        double t2 = now_s();
        llama_free(ctx);
        if (prompt_len / (t1 - t0) > best_prefill) best_prefill = prompt_len / (t1 - t0);
        if (decode_len / (t2 - t1) > best_decode) best_decode = decode_len / (t2 - t1);
    }

    // Batched: BATCH sequences of 8-token prompts, decoded together.
    int short_prompt = 8;
    struct llama_context *bctx = open_context(model, threads, batch * (short_prompt + decode_len + 8),
                                              cap > batch * short_prompt ? cap : batch * short_prompt, batch, 0);
    struct llama_batch pb = llama_batch_init(batch * short_prompt, 0, 1);
    for (int s = 0; s < batch; s++)
        for (int i = 0; i < short_prompt; i++)
            add(&pb, 1 + rand() % (n_vocab - 1), i, s, i == short_prompt - 1);
    double t3 = now_s(); // the batched figure includes the short prompts, as a batch of requests would
    if (llama_decode(bctx, pb) != 0) die("batched prefill failed");
    llama_token *nexts = malloc(sizeof(llama_token) * batch);
    for (int s = 0; s < batch; s++) nexts[s] = argmax(llama_get_logits_ith(bctx, s * short_prompt + short_prompt - 1), n_vocab);
    for (int i = 0; i < decode_len; i++) {
        b.n_tokens = 0;
        for (int s = 0; s < batch; s++) add(&b, nexts[s], short_prompt + i, s, 1);
        if (llama_decode(bctx, b) != 0) die("batched decode failed");
        for (int s = 0; s < batch; s++) nexts[s] = argmax(llama_get_logits_ith(bctx, s), n_vocab);
    }
    double t4 = now_s();
    llama_free(bctx);
    llama_batch_free(pb);
    llama_batch_free(b);
    free(nexts);

    printf("prefill_tok_s=%.3f\n", best_prefill);
    printf("decode_tok_s=%.3f\n", best_decode);
    printf("batched_tok_s=%.3f\n", (double) batch * decode_len / (t4 - t3));
    printf("load_s=%.3f\n", load_seconds);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 5) die("usage: llama-probe LIBDIR (logits MODEL THREADS IDS | bench MODEL THREADS PROMPT DECODE BATCH)");
    llama_log_set(quiet, NULL);
    ggml_backend_load_all_from_path(argv[1]);
    llama_backend_init();
    struct llama_model_params mp = llama_model_default_params();
    double tl = now_s();
    struct llama_model *model = llama_model_load_from_file(argv[3], mp);
    load_seconds = now_s() - tl;
    if (!model) die("cannot load the model");
    int threads = atoi(argv[4]);
    int rc;
    if (strcmp(argv[2], "logits") == 0 && argc == 6) {
        rc = run_logits(model, threads, argv[5]);
    } else if (strcmp(argv[2], "bench") == 0 && argc == 8) {
        rc = run_bench(model, threads, atoi(argv[5]), atoi(argv[6]), atoi(argv[7]));
    } else {
        die("unknown mode or wrong arguments");
        rc = 2;
    }
    llama_model_free(model);
    llama_backend_free();
    return rc;
}
