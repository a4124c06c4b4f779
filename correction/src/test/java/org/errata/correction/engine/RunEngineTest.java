package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.TraceStatus;
import java.util.concurrent.locks.LockSupport;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.Timings;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

class RunEngineTest {

    private static final Pattern NUMBER = Pattern.compile("number (\\d+)");

    /** Problem k asks for 2k; odd problems' gold answers are off by one so correctness varies. */
    static List<Problem> problems(int n) {
        List<Problem> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            out.add(Problem.of("test", "p" + k, "Double the number " + k + ".", String.valueOf(2 * k + (k % 2))));
        }
        return out;
    }

    /** A SPOC stream that depends only on the problem in the prompt. */
    static String streamFor(String prompt) {
        Matcher m = NUMBER.matcher(prompt);
        if (!m.find()) throw new IllegalStateException("no problem number in " + prompt);
        int k = Integer.parseInt(m.group(1));
        return "Step 1: " + k + " * 2 = " + 2 * k + "\n\\boxed{" + 2 * k + "}\n"
                + "Verification: Is the answer correct (Yes/No)? Yes";
    }

    static ScriptedLanguageModel deterministic() {
        return new ScriptedLanguageModel("scripted", (prompt, request, sample) -> streamFor(prompt));
    }

    @Test
    void cancellingMidStreamCancelsTheRunAndFinishesNoTrace() {
        ScriptedLanguageModel model = deterministic();
        model.cancelAfterTokens(4);
        Cancellation cancellation = new Cancellation();
        List<Problem> problems = problems(2);
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(model), Harness.options(), problems,
                Set.of(), cancellation);

        assertThat(r.summary().outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(r.summary().outcomes().values()).allMatch(o -> o instanceof LoopOutcome.Cancelled);
        assertThat(r.events().events(LoopEvent.TraceFinished.class)).isEmpty();
        assertThat(r.events().events(LoopEvent.TraceStarted.class)).extracting(LoopEvent.TraceStarted::problem)
                .containsExactly(problems.get(0).id());
        List<LoopEvent> all = r.events().events();
        assertThat(all.get(all.size() - 1)).isInstanceOfSatisfying(LoopEvent.RunEnded.class,
                e -> assertThat(e.outcome()).isEqualTo(RunOutcome.CANCELLED));
        assertThat(cancellation.isCancelled()).isTrue();
        assertThat(model.prompts()).hasSize(1);
    }

    @Test
    void aFailedCallMarksItsNodeAndTreeFailedAndTheRunGoesOnButDoesNotFinish() {
        ScriptedLanguageModel model = new ScriptedLanguageModel("scripted", (prompt, request, sample) -> {
            if (prompt.contains("number 1.")) return ScriptedLanguageModel.FAIL;
            if (prompt.contains("number 2.")) throw new IllegalStateException("backend crashed");
            return streamFor(prompt);
        });
        List<Problem> problems = problems(3);
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(model), Harness.options(), problems,
                Set.of(), Cancellation.none());

        for (Problem failed : problems.subList(0, 2)) {
            assertThat(Harness.dump(r.trace(failed))).containsExactly(
                    "attempt t1 proposer parent=- model=scripted answer=null correct=null steps=0 failed");
            assertThat(r.trace(failed).status()).isEqualTo(TraceStatus.FAILED);
            assertThat(r.summary().outcomes().get(failed.id())).isInstanceOf(LoopOutcome.Failed.class);
        }
        assertThat(((LoopOutcome.Failed) r.summary().outcomes().get(problems.get(1).id())).error()).contains("backend crashed");
        assertThat(r.trace(problems.get(2)).status()).isEqualTo(TraceStatus.FINISHED);
        assertThat(r.trace(problems.get(2)).finalAnswer()).isEqualTo("6");
        // Not finished: the failed problems are left for a resume to retry.
        assertThat(r.summary().outcome()).isEqualTo(RunOutcome.FAILED);
    }

    @Test
    void resumeSkipsFinishedProblemsAndDecodesEveryOtherOnce() {
        List<Problem> problems = problems(5);
        Set<ProblemId> done = Set.of(problems.get(1).id(), problems.get(3).id());
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(deterministic()),
                Harness.options().withConcurrency(3), problems, done, Cancellation.none());

        assertThat(r.events().events(LoopEvent.TraceStarted.class)).extracting(LoopEvent.TraceStarted::problem)
                .containsExactlyInAnyOrder(problems.get(0).id(), problems.get(2).id(), problems.get(4).id());
        assertThat(r.events().events(LoopEvent.TraceFinished.class)).extracting(LoopEvent.TraceFinished::problem)
                .containsExactlyInAnyOrder(problems.get(0).id(), problems.get(2).id(), problems.get(4).id());
        assertThat(r.summary().skipped()).isEqualTo(2);
        List<LoopEvent> all = r.events().events();
        assertThat(all.get(0)).isInstanceOf(LoopEvent.RunStarted.class);
        assertThat(all.get(all.size() - 1)).isInstanceOf(LoopEvent.RunEnded.class);
    }

    @Test
    void aRunStoppedPartWayResumesWithNothingDuplicatedOrLost() {
        List<Problem> problems = problems(6);
        Cancellation stop = new Cancellation();
        // stop the run as soon as the second problem has finished
        AtomicInteger finishedCount = new AtomicInteger();
        LoopListener stopper = e -> {
            if (e instanceof LoopEvent.TraceFinished && finishedCount.incrementAndGet() == 2) stop.cancel();
        };
        Strategy spoc = Harness.strategy("spoc");
        Harness.Result first = Harness.run(spoc, ModelSet.of(deterministic()), Harness.options(), problems, Set.of(),
                stop, stopper);
        assertThat(first.summary().outcome()).isEqualTo(RunOutcome.CANCELLED);
        List<ProblemId> finishedFirst = first.events().finishedProblems();
        assertThat(finishedFirst).hasSize(2);

        Harness.Result second = Harness.run(spoc, ModelSet.of(deterministic()), Harness.options(), problems,
                new HashSet<>(finishedFirst), Cancellation.none());
        List<ProblemId> all = new ArrayList<>(finishedFirst);
        all.addAll(second.events().finishedProblems());
        assertThat(all).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(problems.stream().map(Problem::id).toList());
        assertThat(second.summary().outcome()).isEqualTo(RunOutcome.FINISHED);
    }

    @Test
    void concurrentDecodingGivesTheSameTreesAsOneAtATime() throws Exception {
        List<Problem> problems = problems(8);
        Harness.Result serial = Harness.run(Harness.strategy("self-refine"), ModelSet.of(feedbackModel(null)),
                Harness.options(), problems, Set.of(), Cancellation.none());

        CountDownLatch together = new CountDownLatch(4);
        Map<Boolean, AtomicInteger> met = new ConcurrentHashMap<>();
        ScriptedLanguageModel model = feedbackModel(() -> {
            together.countDown();
            try {
                met.computeIfAbsent(together.await(20, TimeUnit.SECONDS), k -> new AtomicInteger()).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Harness.Result parallel = Harness.run(Harness.strategy("self-refine"), ModelSet.of(model),
                Harness.options().withConcurrency(4), problems, Set.of(), Cancellation.none());

        assertThat(met.get(false)).as("calls that never saw 4 problems in flight").isNull();
        for (Problem p : problems) {
            assertThat(Harness.dump(parallel.trace(p))).isEqualTo(Harness.dump(serial.trace(p)));
            assertThat(parallel.trace(p).finalAnswer()).isEqualTo(serial.trace(p).finalAnswer());
            assertThat(parallel.trace(p).correct()).isEqualTo(serial.trace(p).correct());
            Harness.assertSeqInOrder(parallel.trace(p));
        }
        assertThat(serial.trace(problems.get(0)).correct()).isFalse();
        assertThat(serial.trace(problems.get(1)).correct()).isTrue();
    }

    /** Self-Refine script: the answer is 2k, feedback always accepts. */
    private static ScriptedLanguageModel feedbackModel(Runnable onCall) {
        return new ScriptedLanguageModel("scripted", (prompt, request, sample) -> {
            if (onCall != null) onCall.run();
            Matcher m = NUMBER.matcher(prompt);
            if (!m.find()) throw new IllegalStateException(prompt);
            int k = Integer.parseInt(m.group(1));
            if (prompt.contains("give feedback")) return "Fine.\nVerification: Is the answer correct (Yes/No)? Yes";
            return "Step 1: " + k + " * 2 = " + 2 * k + "\n\n\\boxed{" + 2 * k + "}";
        });
    }

    @Test
    void aThrowingListenerIsLoggedAndTheRunGoesOn() {
        LoopListener broken = e -> {
            if (e instanceof LoopEvent.NodeAdded) throw new IllegalStateException("listener bug");
        };
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(deterministic()), Harness.options(),
                problems(2), Set.of(), Cancellation.none(), broken);

        assertThat(r.summary().outcome()).isEqualTo(RunOutcome.FINISHED);
        assertThat(r.events().finishedProblems()).hasSize(2);
        assertThat(Harness.dump(r.trace(problems(2).get(1)))).hasSize(2);
    }

    @Test
    void aPassedDeadlineEndsTheProblemAsWallClockExhausted() {
        ScriptedLanguageModel model = deterministic();
        Harness.Result r = Harness.run(Harness.strategy("spoc"), ModelSet.of(model),
                Harness.options().withTimeout(Duration.ofNanos(1)), problems(1), Set.of(), Cancellation.none());

        LoopOutcome o = r.summary().outcomes().values().iterator().next();
        assertThat(o).isEqualTo(new LoopOutcome.BudgetExhausted(LoopOutcome.Budget.WALL_CLOCK, null, null));
        assertThat(model.prompts()).isEmpty();
        assertThat(r.events().events(LoopEvent.TraceFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(TraceStatus.FINISHED));
    }

    @Test
    void aModelThatSendsNothingIsStoppedAtTheProblemsDeadline() {
        LanguageModel silent = new LanguageModel() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("silent", "test", "remote", null, 0, "remote", "none");
            }

            @Override
            public GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation) {
                while (!cancellation.isCancelled()) {
                    LockSupport.parkNanos(1_000_000); // a server that never sends a token
                }
                return new GenerationResult(List.of(new Completion(0, "", FinishReason.CANCELLED, 0, List.of(), null)),
                        0, Timings.ZERO);
            }

            @Override
            public String render(Prompt prompt) {
                return prompt.toString();
            }

            @Override
            public void close() {
            }
        };
        Harness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Harness.run(Harness.strategy("spoc"),
                ModelSet.of(silent), Harness.options().withTimeout(Duration.ofMillis(300)), problems(1), Set.of(),
                Cancellation.none()));

        LoopOutcome o = r.summary().outcomes().values().iterator().next();
        assertThat(o).isInstanceOf(LoopOutcome.BudgetExhausted.class);
        assertThat(((LoopOutcome.BudgetExhausted) o).budget()).isEqualTo(LoopOutcome.Budget.WALL_CLOCK);
    }

    @Test
    void tokenDeltasAreAnnouncedByNodeStartedAndPrecedeTheirNode() {
        Harness.Result r = Harness.run(Harness.strategy("self-refine"), ModelSet.of(feedbackModel(null)),
                Harness.options(), problems(1), Set.of(), Cancellation.none());

        List<LoopEvent> all = r.events().events();
        Set<Object> started = new HashSet<>();
        for (LoopEvent e : all) {
            if (e instanceof LoopEvent.NodeStarted s) started.add(s.node());
            if (e instanceof LoopEvent.TokenDelta d) assertThat(started).contains(d.node());
        }
        LoopEvent.NodeStarted firstStart = r.events().events(LoopEvent.NodeStarted.class).get(0);
        String text = r.events().events(LoopEvent.TokenDelta.class).stream()
                .filter(d -> d.node().equals(firstStart.node())).map(LoopEvent.TokenDelta::text).reduce("", String::concat);
        assertThat(text).isEqualTo("Step 1: 1 * 2 = 2\n\n\\boxed{2}");
        assertThat(r.trace(problems(1).get(0)).attempts().get(0).id()).isEqualTo(firstStart.node());
    }
}
