package org.errata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the same text (checked). One model serves both settings, each request saying whether it copies
 * ({@link GenerationRequest#withCopySpec}), so that nothing but the setting differs between them.
 * Off and on run as pairs back to back, phase by phase, the one going first
 * swapping from pair to pair: per problem at batch 1, {@code --repeats} times (made even) at the
 * batch size and for random text. A row reports the median of its pairs' speedups, balanced between
 * the two orders ({@link Row#balanced}), and the lowest and highest pair, so that a burst of load on
 * a shared machine moves one pair, not the figure. Turn 1 has little to copy
 * (its verification repeats the attempt's numbers); the random-text rows have nothing.
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
    @Option(names = "--repeats", description = "Off/on pairs at the batch size (made even) and, four times as many,"
            + " of random text at batch 1 (default: ${DEFAULT-VALUE}).")
    int repeats = 3;
    @Option(names = "--control", description = "Also runs the random-text rows with CopySpec off against off: what"
            + " identical settings read on this machine, the noise the other rows stand on.")
    boolean control;
    @Option(names = "--warm-up", description = "Problems (and random texts) run with both settings before measuring,"
            + " so that the JIT has compiled the decode path (default: ${DEFAULT-VALUE}).")
    int warmUp = 2;

    static final int ATTEMPT_TOKENS = 160;
    static final int VERIFICATION_TOKENS = 400;
    static final String YES = "(Yes/No)? Yes";
    static final String NO = "(Yes/No)? No";
    private static final Pattern LAST_STEP = Pattern.compile("(?s).*Step \\d+: [^\\n]*= (\\d+)\\n");

    /**
     * Decodes {@code part} as one batch and adds its figures to {@code tally} (if any): tokens after the
     * first of each request, and for one request the call's decode time, for several its wall time less
     * the requests' prefills (the model's thread does one thing at a time, so the rest is decoding; the
     * prefills are left out because the setting that runs second finds the first's prompts in the
     * prefix cache).
     */
    private static List<GenerationResult> decodeInto(LanguageModel m, List<GenerationRequest> part, @Nullable Tally tally)
            throws ModelException {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<GenerationResult> rs = m.generateBatch(part, TokenListener.NONE, Cancellation.none());
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        long tokens = 0;
        long decode = 0;
        CopyStats copy = CopyStats.NONE;
        long prefill = 0;
        for (GenerationResult r : rs) {
            tokens += r.completionTokens() - 1;
            decode += r.timings().decodeNanos();
            prefill += r.timings().prefillNanos();
            copy = copy.plus(r.copy());
        }
        if (tally != null) {
            tally.add(tokens, part.size() == 1 ? decode : wall - prefill, copy);
            tally.cpuNanos += cpu;
        }
        return rs;
    }

    /** CPU time of this process so far (all its threads), or -1 where the platform does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    static final class Tally {
        long tokens;
        long nanos;
        /** CPU time of the whole calls (prefills included), all threads of the process. */
        long cpuNanos;
        CopyStats copy = CopyStats.NONE;

        void add(long t, long n, CopyStats c) {
            tokens += t;
            nanos += n;
            copy = copy.plus(c);
        }

        void add(Tally o) {
            add(o.tokens, o.nanos, o.copy);
            cpuNanos += o.cpuNanos;
        }

        double rate() {
            return nanos == 0 ? 0 : tokens / (nanos / 1e9);
        }

        double cpuRate() {
            return cpuNanos <= 0 ? 0 : tokens / (cpuNanos / 1e9);
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
        if (problems < 1 || batch < 1 || repeats < 1 || warmUp < 0) {
            spec.commandLine().getErr().println(
                    "errata bench copyspec: --problems, --batch and --repeats must be at least 1, --warm-up at least 0");
            return 2;
        }
        List<String> questions = questions(Math.max(problems, batch));
        RuntimeOptions base = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(threads)
                .withMaxBatch(Math.max(1, batch));
        String folder = ModelSpecs.resolve(model);
        out.printf(Locale.ROOT, "bench copyspec: %s, gamma %d, %d problems at batch 1, %d pairs at batch %d, %d and %d"
                + " pairs of random text%s; load average %s%n", model, gamma, problems, widePairs(), batch, 4 * repeats,
                widePairs(), control ? ", with off against off" : "", loadAverage());
        out.flush();
        Row single1 = new Row(1, "1", "1: attempt + check");
        Row single2 = new Row(1, "2+", "correction turns");
        Row wide1 = new Row(batch, "1", "1: attempt + check");
        Row wide2 = new Row(batch, "2+", "correction turns");
        boolean same = true;
        CopySpec off = CopySpec.off();
        CopySpec on = CopySpec.on().withGamma(gamma);
        try (LanguageModel m = LanguageModels.open(folder, base)) {
            // warm-up: the JIT compiles the decode path of both settings
            for (int i = 0; i < 2 && warmUp > 0; i++) {
                runChains(m, List.of(off, on), questions.subList(0, Math.min(warmUp, questions.size())), 1, null, null);
            }
            // off and on alternate problem by problem, each going first every other time (ABBA ...)
            for (int p = 0; p < problems; p++) {
                Tally[][] t = newTallies();
                same &= runPair(m, off, on, p % 2 == 0, questions.subList(p, p + 1), 1, t);
                single1.add(t[0][0], t[1][0], p % 2 == 0);
                single2.add(sum(t[0], 1), sum(t[1], 1), p % 2 == 0);
            }
            if (batch > 1) {
                for (int r = 0; r < widePairs(); r++) {
                    Tally[][] t = newTallies();
                    same &= runPair(m, off, on, r % 2 == 0, questions.subList(0, batch), batch, t);
                    wide1.add(t[0][0], t[1][0], r % 2 == 0);
                    wide2.add(sum(t[0], 1), sum(t[1], 1), r % 2 == 0);
                }
            }
        }
        Row[] noise = randomText(base, on, "random text (nothing to copy)");
        Row[] offTwice = control ? randomText(base, CopySpec.off(), "random text, off against off") : new Row[0];
        out.printf("%-6s %-4s %-30s %7s %10s %10s %8s %13s %7s %7s %9s%n", "batch", "turn", "", "tokens", "off tok/s",
                "on tok/s", "speedup", "spread", "cpu", "checks", "accepted");
        List<Row> rows = new ArrayList<>(List.of(single1, single2));
        if (batch > 1) rows.addAll(List.of(wide1, wide2));
        rows.add(noise[0]);
        if (batch > 1) rows.add(noise[1]);
        if (control) {
            rows.add(offTwice[0]);
            if (batch > 1) rows.add(offTwice[1]);
        }
        for (Row r : rows) {
            r.print(out);
        }
        out.printf(Locale.ROOT, "texts identical with CopySpec off and on: %s; load average %s%n", same ? "yes" : "NO",
                loadAverage());
        out.printf(Locale.ROOT, "speedup: off/on pairs run back to back (%d problems at batch 1, %d pairs at batch %d,"
                + " %d and %d pairs of random text), each order as often; the geometric mean of the median over the"
                + " pairs off went first in and the median over those on went first in; spread: the lowest and highest"
                + " pair; tok/s: medians; cpu: the same speedup in tokens per CPU-second of the process (whole calls,"
                + " prefills included; load moves it less); checks: drafts checked%n", problems, widePairs(), batch,
                4 * repeats, widePairs());
        out.printf(Locale.ROOT, "turn 2+ speedup at batch 1: %.2fx (%.1f -> %.1f tokens/s)%n",
                single2.speedup(), single2.offRate(), single2.onRate());
        out.flush();
        return same ? 0 : 1;
    }

    /**
     * The correction chains of {@code qs} with both settings, phase by phase, the one given first by
     * {@code offFirst} starting each phase; figures to {@code t[0]} (off) and {@code t[1]} (on).
     */
    private boolean runPair(LanguageModel m, CopySpec off, CopySpec on, boolean offFirst, List<String> qs, int batch,
            Tally[][] t) throws Exception {
        return offFirst ? runChains(m, List.of(off, on), qs, batch, t[0], t[1])
                : runChains(m, List.of(on, off), qs, batch, t[1], t[0]);
    }

    /** One row of the table: off/on pairs measured back to back, summarised by medians. */
    static final class Row {
        final int batch;
        final String turn;
        final String name;
        final List<Tally> off = new ArrayList<>();
        final List<Tally> on = new ArrayList<>();
        /** Per pair, whether CopySpec off ran first. */
        final List<Boolean> offFirst = new ArrayList<>();

        Row(int batch, String turn, String name) {
            this.batch = batch;
            this.turn = turn;
            this.name = name;
        }

        void add(Tally offTally, Tally onTally, boolean offRanFirst) {
            if (offTally.tokens > 0 && onTally.tokens > 0) {
                off.add(offTally);
                on.add(onTally);
                offFirst.add(offRanFirst);
            }
        }

        double[] ratios() {
            double[] r = new double[off.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = on.get(i).rate() / off.get(i).rate();
            }
            return r;
        }

        double speedup() {
            return balanced(ratios());
        }

        /**
         * The speedup of pairs {@code r}, with what going first or second does cancelled: the geometric
         * mean of the median over the pairs off ran first in and the median over the pairs on ran first in
         * (the plain median when all ran in one order). Which of two identical runs goes first moves it
         * by several percent on a loaded machine (CopySpec off against itself, random text at batch 1,
         * load 11-18: the second 4-9 % faster in 20 pairs each way), so a row with more pairs of one
         * order than the other would otherwise lean that way.
         */
        double balanced(double[] r) {
            List<Double> first = new ArrayList<>();
            List<Double> second = new ArrayList<>();
            for (int i = 0; i < r.length; i++) {
                (offFirst.get(i) ? first : second).add(r[i]);
            }
            if (first.isEmpty() || second.isEmpty()) {
                return median(r);
            }
            return Math.sqrt(median(first.stream().mapToDouble(Double::doubleValue).toArray())
                    * median(second.stream().mapToDouble(Double::doubleValue).toArray()));
        }

        /** The speedup in tokens per CPU-second, on over off, balanced as {@link #balanced}; 0 where CPU time is not known. */
        double cpuSpeedup() {
            double[] r = new double[off.size()];
            for (int i = 0; i < r.length; i++) {
                double o = off.get(i).cpuRate();
                r[i] = o == 0 ? 0 : on.get(i).cpuRate() / o;
            }
            return balanced(r);
        }

        double offRate() {
            return median(off.stream().mapToDouble(Tally::rate).toArray());
        }

        double onRate() {
            return median(on.stream().mapToDouble(Tally::rate).toArray());
        }

        void print(PrintWriter out) {
            if (off.isEmpty()) {
                return;
            }
            double[] r = ratios();
            Tally all = new Tally();
            on.forEach(all::add);
            out.printf(Locale.ROOT, "%-6d %-4s %-30s %7d %10.1f %10.1f %7.2fx %6.2f-%.2fx %6.2fx %7d %8.0f%%%n", batch,
                    turn, name, all.tokens, offRate(), onRate(), speedup(), Arrays.stream(r).min().orElse(0),
                    Arrays.stream(r).max().orElse(0), cpuSpeedup(), all.copy.hits(), 100 * all.copy.acceptanceRate());
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Text with nothing to copy: a random model in the demo model's shape sampling at temperature 1
     * (a chance repeat of three tokens is all the drafter finds), off and {@code second} (CopySpec on,
     * or off again for {@code --control}) back to back, each going
     * first every other time: {@code 4 * repeats} pairs of one request at batch 1 and {@link #widePairs}
     * pairs of one batch at the batch size.
     */
    private Row[] randomText(RuntimeOptions base, CopySpec second, String name) throws Exception {
        Row[] rows = {new Row(1, "-", name), new Row(batch, "-", name)};
        Path dir = Files.createTempDirectory("errata-copyspec-bench-");
        try {
            RandomCheckpoint ckpt = new RandomCheckpoint(RandomCheckpoint.shape("llama", 512, 128, 4, 4, 4, 384), 7, 0.2);
            Path folder = dir.resolve("hf");
            ckpt.writeHuggingFace(folder);
            try (LanguageModel m = LanguageModels.open(folder.toString(), base)) {
                for (int warm = 0; warm < warmUp; warm++) {
                    for (CopySpec c : List.of(CopySpec.off(), second)) {
                        decodeInto(m, randomRequests(2, 9000 + warm, c), null);
                    }
                }
                for (int k = 0; k < (batch > 1 ? 2 : 1); k++) {
                    int b = k == 0 ? 1 : batch;
                    for (int r = 0; r < (b == 1 ? 4 * repeats : widePairs()); r++) {
                        Tally[] t = {new Tally(), new Tally()};
                        for (int i = 0; i < 2; i++) {
                            boolean offNow = (r + i) % 2 == 0;
                            decodeInto(m, randomRequests(b, r * 1000L, offNow ? CopySpec.off() : second), t[offNow ? 0 : 1]);
                        }
                        rows[k].add(t[0], t[1], r % 2 == 0);
                    }
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return rows;
    }

    /** Pairs at the batch size (and of random text batched): {@code --repeats}, made even so that each order runs as often. */
    int widePairs() {
        return repeats + repeats % 2;
    }

    private static List<GenerationRequest> randomRequests(int n, long seed, CopySpec copySpec) {
        List<GenerationRequest> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(GenerationRequest.of(Prompt.raw(RuntimeBenchCommand.prompt(512, 8, seed + 100 + i)),
                    SamplingConfig.temperature(1.0, seed + i), 200).withCopySpec(copySpec));
        }
        return rs;
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
            t.add(turns[k]);
        }
        return t;
    }

    /**
     * Runs the turns of {@code qs}' chains with each setting of {@code settings} in turn, phase by phase
     * ({@code batch} chains per call), adding to the first and second tallies; whether every text
     * agreed between the settings.
     */
    private boolean runChains(LanguageModel m, List<CopySpec> settings, List<String> qs, int batch, Tally @Nullable [] first,
            Tally @Nullable [] second) throws Exception {
        List<List<Chain>> chains = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            chains.add(qs.stream().map(Chain::new).toList());
        }
        boolean same = true;
        for (int turn = 0; turn < 3; turn++) {
            for (int phase = 0; phase < 2; phase++) {
                List<String> texts = null;
                for (int i = 0; i < settings.size(); i++) {
                    Tally[] tally = i == 0 ? first : second;
                    List<String> got = phase(m, settings.get(i), chains.get(i), phase == 0, batch,
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
    private List<String> phase(LanguageModel m, CopySpec copySpec, List<Chain> chains, boolean attempt, int batch,
            @Nullable Tally tally)
            throws Exception {
        List<GenerationRequest> requests = new ArrayList<>();
        for (Chain c : chains) {
            if (!c.done) {
                GenerationRequest r = GenerationRequest.of(c.prompt(), SamplingConfig.greedy(),
                        attempt ? ATTEMPT_TOKENS : VERIFICATION_TOKENS);
                requests.add(r.withStop(attempt ? List.of("\n\n") : List.of(YES, NO)).withCopySpec(copySpec));
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
        return org.errata.runtime.reference.LoadAverage.text(" ", "unknown");
    }
}
