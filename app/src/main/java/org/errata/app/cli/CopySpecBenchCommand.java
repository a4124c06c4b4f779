package org.errata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.app.services.ModelSpecs;
import org.errata.assets.Assets;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.CopyStats;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.jspecify.annotations.Nullable;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.reference.RandomCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errata bench copyspec}: decode speed with speculative copy decoding off and on, in one
 * process, on the correction workload of SPOC run turn by turn (S²R-style: every call re-sends the
 * earlier turns). Per problem of the demo held-out set: turn 1 is the model's attempt and its
 * verification; one slip is put into the attempt's last step first (as the demo model's training
 * data does), so the verification says No and turn 2, the corrected attempt and its verification,
 * follows with turn 1 in its prompt; turn 3 when turn 2 fails too. Greedy, so both settings give
 * the same text (checked). Off and on alternate problem by problem (batch 1) or phase by phase,
 * twice in both orders (batch 32), so that machine load falls on both alike. Turn 1 has little to
 * copy (its verification repeats the attempt's numbers); the random-text rows have nothing.
 */
@Command(name = "copyspec", mixinStandardHelpOptions = true,
        description = "Decode tokens/s per correction turn with CopySpec off and on (demo model).")
public final class CopySpecBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", description = "The model (default: ${DEFAULT-VALUE}).")
    String model = ModelSpecs.DEMO;
    @Option(names = "--problems", description = "Problems at batch 1 (default: ${DEFAULT-VALUE}).")
    int problems = 16;
    @Option(names = "--batch", description = "Problems decoded together in the batched rows (default: ${DEFAULT-VALUE}).")
    int batch = 32;
    @Option(names = "--threads", description = "CPU threads (0: all cores; default: ${DEFAULT-VALUE}).")
    int threads = 0;
    @Option(names = "--gamma", description = "CopySpec's match length (default: ${DEFAULT-VALUE}).")
    int gamma = CopySpec.DEFAULT_GAMMA;

    static final int ATTEMPT_TOKENS = 160;
    static final int VERIFICATION_TOKENS = 400;
    static final String YES = "(Yes/No)? Yes";
    static final String NO = "(Yes/No)? No";
    private static final Pattern LAST_STEP = Pattern.compile("(?s).*Step \\d+: [^\\n]*= (\\d+)\\n");

    /** Tokens and decode nanoseconds of one turn, with CopySpec's figures. */
    /**
     * Decodes {@code part} as one batch and adds its figures to {@code tally} (if any): tokens after the
     * first of each request, and for one request the call's decode time, for several its wall time
     * (prefills included, alike with CopySpec off and on).
     */
    private static List<GenerationResult> decodeInto(LanguageModel m, List<GenerationRequest> part, @Nullable Tally tally)
            throws ModelException {
        long t0 = System.nanoTime();
        List<GenerationResult> rs = m.generateBatch(part, TokenListener.NONE, Cancellation.none());
        long wall = System.nanoTime() - t0;
        long tokens = 0;
        long decode = 0;
        CopyStats copy = CopyStats.NONE;
        for (GenerationResult r : rs) {
            tokens += r.completionTokens() - 1;
            decode += r.timings().decodeNanos();
            copy = copy.plus(r.copy());
        }
        if (tally != null) tally.add(tokens, part.size() == 1 ? decode : wall, copy);
        return rs;
    }

    static final class Tally {
        long tokens;
        long nanos;
        CopyStats copy = CopyStats.NONE;

        void add(long t, long n, CopyStats c) {
            tokens += t;
            nanos += n;
            copy = copy.plus(c);
        }

        double rate() {
            return nanos == 0 ? 0 : tokens / (nanos / 1e9);
        }
    }

    /** One problem's conversation so far. */
    static final class Chain {
        final ChatMessage user;
        final StringBuilder prefix = new StringBuilder();
        boolean done;

        Chain(String question) {
            this.user = ChatMessage.user(question);
        }

        Prompt prompt() {
            return prefix.isEmpty() ? Prompt.chat(user)
                    : new Prompt.Chat(List.of(user, ChatMessage.assistant(prefix.toString())), true);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> questions = questions(Math.max(problems, batch));
        RuntimeOptions base = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(threads)
                .withMaxBatch(Math.max(1, batch));
        String folder = ModelSpecs.resolve(model);
        out.printf(Locale.ROOT, "bench copyspec: %s, gamma %d, %d problems at batch 1, %d at batch %d; load average %s%n",
                model, gamma, problems, batch, batch, loadAverage());
        out.flush();
        try (LanguageModel off = LanguageModels.open(folder, base.withCopySpec(CopySpec.off()));
             LanguageModel on = LanguageModels.open(folder, base.withCopySpec(CopySpec.on().withGamma(gamma)))) {
            // warm-up: the JIT compiles the decode path of both settings
            for (int i = 0; i < 2; i++) {
                runChains(List.of(off, on), questions.subList(0, 2), 1, null, null);
            }
            Tally[][] single = newTallies();
            boolean same = true;
            for (int p = 0; p < problems; p++) {
                List<LanguageModel> order = p % 2 == 0 ? List.of(off, on) : List.of(on, off);
                same &= runChains(order, questions.subList(p, p + 1), 1, single[order.get(0) == off ? 0 : 1],
                        single[order.get(0) == off ? 1 : 0]);
            }
            Tally[][] wide = newTallies();
            if (batch > 1) {
                // twice, in both orders, so that load changes fall on both settings alike
                same &= runChains(List.of(off, on), questions.subList(0, batch), batch, wide[0], wide[1]);
                same &= runChains(List.of(on, off), questions.subList(0, batch), batch, wide[1], wide[0]);
            }
            Tally[][] noise = randomText(base);
            out.printf("%-8s %-6s %-30s %7s %10s %10s %8s %9s%n", "batch", "turn", "", "tokens", "off tok/s",
                    "on tok/s", "speedup", "accepted");
            printRows(out, 1, single);
            if (batch > 1) {
                printRows(out, batch, wide);
            }
            row(out, 1, "-", "random text (nothing to copy)", noise[0][0], noise[1][0]);
            if (batch > 1) {
                row(out, batch, "-", "random text (nothing to copy)", noise[0][1], noise[1][1]);
            }
            out.printf(Locale.ROOT, "texts identical with CopySpec off and on: %s; load average %s%n", same ? "yes" : "NO",
                    loadAverage());
            Tally offLater = sum(single[0], 1);
            Tally onLater = sum(single[1], 1);
            out.printf(Locale.ROOT, "turn 2+ speedup at batch 1: %.2fx (%.1f -> %.1f tokens/s)%n",
                    onLater.rate() / offLater.rate(), offLater.rate(), onLater.rate());
            out.flush();
            return same ? 0 : 1;
        }
    }

    /**
     * Text with nothing to copy: a random model in the demo model's shape sampling at temperature 1
     * (a chance repeat of three tokens is all the drafter finds), off and on alternating, at batch 1
     * ({@code [setting][0]}) and at the batch size ({@code [setting][1]}).
     */
    private Tally[][] randomText(RuntimeOptions base) throws Exception {
        Tally[][] t = newTallies();
        Path dir = Files.createTempDirectory("errata-copyspec-bench-");
        try {
            RandomCheckpoint ckpt = new RandomCheckpoint(RandomCheckpoint.shape("llama", 512, 128, 4, 4, 4, 384), 7, 0.2);
            Path folder = dir.resolve("hf");
            ckpt.writeHuggingFace(folder);
            try (LanguageModel off = LanguageModels.open(folder.toString(), base.withCopySpec(CopySpec.off()));
                 LanguageModel on = LanguageModels.open(folder.toString(), base.withCopySpec(CopySpec.on().withGamma(gamma)))) {
                for (int round = 0; round < 4; round++) {
                    for (int k = 0; k < 2; k++) {
                        LanguageModel m = (round + k) % 2 == 0 ? off : on;
                        Tally[] tally = t[m == off ? 0 : 1];
                        int b = round < 2 ? 1 : Math.max(1, batch);
                        List<GenerationRequest> rs = new ArrayList<>();
                        for (int i = 0; i < (b == 1 ? 4 : b); i++) {
                            rs.add(GenerationRequest.of(Prompt.raw(RuntimeBenchCommand.prompt(512, 8, 100 + i)),
                                    SamplingConfig.temperature(1.0, round * 1000L + i), 200));
                        }
                        for (int from = 0; from < rs.size(); from += b) {
                            List<GenerationRequest> part = rs.subList(from, Math.min(rs.size(), from + b));
                            decodeInto(m, part, tally[b == 1 ? 0 : 1]);
                        }
                    }
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return t;
    }

    private static Tally[][] newTallies() {
        Tally[][] t = new Tally[2][3];
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 3; k++) {
                t[s][k] = new Tally();
            }
        }
        return t;
    }

    private static Tally sum(Tally[] turns, int from) {
        Tally t = new Tally();
        for (int k = from; k < turns.length; k++) {
            t.add(turns[k].tokens, turns[k].nanos, turns[k].copy);
        }
        return t;
    }

    private void printRows(PrintWriter out, int b, Tally[][] t) {
        String[] names = {"1: attempt + check", "2: correction + check", "3: second correction"};
        for (int k = 0; k < 3; k++) {
            if (t[0][k].tokens == 0) {
                continue;
            }
            row(out, b, String.valueOf(k + 1), names[k], t[0][k], t[1][k]);
        }
        row(out, b, "2+", "correction turns", sum(t[0], 1), sum(t[1], 1));
    }

    private static void row(PrintWriter out, int b, String turn, String name, Tally off, Tally on) {
        out.printf(Locale.ROOT, "%-8d %-6s %-30s %7d %10.1f %10.1f %7.2fx %8.0f%%%n", b, turn, name, on.tokens,
                off.rate(), on.rate(), off.rate() == 0 ? 0 : on.rate() / off.rate(), 100 * on.copy.acceptanceRate());
    }

    /**
     * Runs the turns of {@code qs}' chains on each model of {@code models} in turn, phase by phase
     * ({@code batch} chains per call), adding to the first and second tallies; whether every text
     * agreed between the models.
     */
    private boolean runChains(List<LanguageModel> models, List<String> qs, int batch, Tally[] first, Tally[] second)
            throws Exception {
        List<List<Chain>> chains = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            chains.add(qs.stream().map(Chain::new).toList());
        }
        boolean same = true;
        for (int turn = 0; turn < 3; turn++) {
            for (int phase = 0; phase < 2; phase++) {
                List<String> texts = null;
                for (int i = 0; i < models.size(); i++) {
                    Tally[] tally = i == 0 ? first : second;
                    List<String> got = phase(models.get(i), chains.get(i), phase == 0, batch,
                            tally == null ? null : tally[turn]);
                    if (texts == null) {
                        texts = got;
                    } else {
                        same &= texts.equals(got);
                    }
                }
                for (List<Chain> cs : chains) {
                    advance(cs, texts, phase == 0, turn);
                }
            }
        }
        return same;
    }

    /** One call per live chain (batched): the attempt or the verification of the current turn. */
    private List<String> phase(LanguageModel m, List<Chain> chains, boolean attempt, int batch, Tally tally)
            throws Exception {
        List<GenerationRequest> requests = new ArrayList<>();
        for (Chain c : chains) {
            if (!c.done) {
                GenerationRequest r = GenerationRequest.of(c.prompt(), SamplingConfig.greedy(),
                        attempt ? ATTEMPT_TOKENS : VERIFICATION_TOKENS);
                requests.add(r.withStop(attempt ? List.of("\n\n") : List.of(YES, NO)));
            }
        }
        List<String> texts = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += batch) {
            List<GenerationRequest> part = requests.subList(from, Math.min(requests.size(), from + batch));
            for (GenerationResult r : decodeInto(m, part, tally)) texts.add(r.first().text());
        }
        return texts;
    }

    /** Appends a phase's texts to the live chains: a slip into the first attempt, the verdict after a check. */
    private static void advance(List<Chain> chains, List<String> texts, boolean attempt, int turn) {
        int i = 0;
        for (Chain c : chains) {
            if (c.done) {
                continue;
            }
            String text = texts.get(i++);
            if (attempt) {
                c.prefix.append(turn == 0 ? slip(text) : text).append("\n\n");
            } else {
                boolean wrong = text.contains("\u2717");
                c.prefix.append(text).append(wrong ? NO : YES).append("\n\n");
                c.done = !wrong;
            }
        }
    }

    /** The attempt with its last step's result (and so its answer) one off in the last digit. */
    static String slip(String attempt) {
        Matcher m = LAST_STEP.matcher(attempt);
        if (!m.lookingAt()) {
            return attempt;
        }
        String r = m.group(1);
        int last = r.charAt(r.length() - 1) - '0';
        String wrong = r.substring(0, r.length() - 1) + (last == 9 ? 8 : last + 1);
        String head = attempt.substring(0, m.start(1)) + wrong + attempt.substring(m.end(1), m.end());
        return head + attempt.substring(m.end()).replace("\\boxed{" + r + "}", "\\boxed{" + wrong + "}");
    }

    private static List<String> questions(int n) throws Exception {
        Path file = Assets.standard().demoHeldOut();
        ObjectMapper json = new ObjectMapper();
        List<String> qs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (qs.size() == n) {
                break;
            }
            JsonNode o = json.readTree(line);
            qs.add(o.path("question").asText());
        }
        return qs;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
