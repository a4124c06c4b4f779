package org.errata.correction.grading;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * The Symja computer-algebra engine behind {@link CasChecker}. It is started on first use, once
 * per JVM (the holder idiom makes that thread-safe), and owned by one daemon thread: every
 * question is a task on that thread, awaited with a deadline. A task that overruns is asked to
 * stop (Symja polls a stop flag) and its thread is abandoned for a fresh one, so one
 * pathological pair can cost at most its own deadline.
 */
final class SymjaCas {

    private static final System.Logger LOG = System.getLogger(SymjaCas.class.getName());

    /** Symja's own start-up (symbol tables, rules) takes seconds on a busy machine; it gets its own bound. */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

    /** A difference of constants this close to zero that Simplify could not remove is left undecided. */
    private static final double NEAR_ZERO = 1e-12;

    private static final class Holder {
        static final SymjaCas INSTANCE = new SymjaCas();
    }

    static SymjaCas instance() {
        return Holder.INSTANCE;
    }

    private final Future<?> started;
    private volatile boolean failedToStart;
    private Worker worker;

    private SymjaCas() {
        // Symja logs through log4j-api; without a binding it complains once on stderr. The simple
        // context prints errors only, and is chosen only when the application has not chosen one.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
        worker = new Worker();
        started = worker.executor.submit(F::initSymbols);
    }

    /** Whether two scalars are equal: true or false when Symja decides, null when it cannot in time. */
    @Nullable Boolean same(MathExpr a, MathExpr b, Duration limit) {
        if (!awaitStart()) return null;
        Worker w = currentWorker();
        Future<@Nullable Boolean> answer;
        try {
            answer = w.executor.submit(() -> w.decide(a, b));
        } catch (RejectedExecutionException abandoned) {
            return null; // another caller's overrun retired this thread just now
        }
        try {
            return answer.get(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException overran) {
            w.abandon(answer);
            replace(w);
            return null;
        } catch (ExecutionException failed) {
            // Symja throws for what it cannot handle (no verdict, routine); an Error means a class it
            // needs is missing from the build, which is worth a warning.
            System.Logger.Level level = failed.getCause() instanceof Error ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            LOG.log(level, "Symja could not compare " + a + " and " + b, failed.getCause());
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return null;
        }
    }

    private boolean awaitStart() {
        if (failedToStart) return false;
        try {
            started.get(STARTUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException failed) {
            synchronized (this) {
                if (!failedToStart) LOG.log(System.Logger.Level.WARNING, "Symja did not start; the CAS checker gives no verdicts", failed);
                failedToStart = true;
            }
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Worker currentWorker() {
        return worker;
    }

    private synchronized void replace(Worker stuck) {
        if (worker == stuck) worker = new Worker();
    }

    /** One thread and the Symja engine it owns (an EvalEngine is bound to its thread). */
    private static final class Worker {
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "errata-symja");
            t.setDaemon(true);
            return t;
        });
        private volatile @Nullable EvalEngine engine;

        private EvalEngine engine() {
            EvalEngine e = engine;
            if (e == null) {
                PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
                e = new EvalEngine("errata", 256, 10_000, silent, silent, true);
                e.setQuietMode(true);
                engine = e;
            }
            EvalEngine.set(e);
            return e;
        }

        @Nullable Boolean decide(MathExpr a, MathExpr b) {
            EvalEngine e = engine();
            e.setStopRequested(false);
            Map<String, ISymbol> vars = new HashMap<>();
            IExpr x = e.evaluate(toCas(a, vars));
            IExpr y = e.evaluate(toCas(b, vars));
            if (unusable(x) || unusable(y)) return x.equals(y) && !x.isIndeterminate() ? Boolean.TRUE : null;
            if (x.equals(y)) return true;
            IExpr difference = e.evaluate(F.Simplify(F.Subtract(x, y)));
            if (difference.isZero()) return true;
            if (unusable(difference)) return null;
            if (difference.isNumericFunction(true)) {
                double value = e.evalDouble(difference);
                if (Double.isNaN(value)) return null;
                double scale = Math.max(1, Math.max(Math.abs(e.evalDouble(x)), Math.abs(e.evalDouble(y))));
                if (Math.abs(value) <= NEAR_ZERO * scale) return null; // an identity Simplify missed, or a tiny gap
            }
            return false;
        }

        void abandon(Future<?> task) {
            EvalEngine e = engine;
            if (e != null) e.stopRequest();
            task.cancel(true);
            executor.shutdownNow();
        }
    }

    private static boolean unusable(IExpr e) {
        return e.isIndeterminate() || e.isInfinity() || e.isNegativeInfinity() || e.isComplexInfinity()
                || e.isDirectedInfinity() || !e.isFree(S.$Aborted) || !e.isFree(S.Indeterminate);
    }

    /** Our parser's expression tree as a Symja expression; variables become fresh symbols shared by both sides. */
    static IExpr toCas(MathExpr e, Map<String, ISymbol> vars) {
        return switch (e) {
            case MathExpr.Num n -> n.value().den().equals(java.math.BigInteger.ONE)
                    ? F.ZZ(n.value().num()) : F.fraction(n.value().num(), n.value().den());
            case MathExpr.Const c -> switch (c.name()) {
                case "pi" -> F.Pi;
                case "e" -> F.E;
                case "infinity" -> F.CInfinity;
                default -> throw new IllegalArgumentException("constant " + c.name());
            };
            case MathExpr.Var v -> vars.computeIfAbsent(v.name(), name -> F.Dummy("v" + vars.size()));
            case MathExpr.Sum s -> F.Plus(all(s.terms(), vars));
            case MathExpr.Product p -> F.Times(all(p.factors(), vars));
            case MathExpr.Neg n -> F.Negate(toCas(n.operand(), vars));
            case MathExpr.Quotient q -> F.Divide(toCas(q.numerator(), vars), toCas(q.denominator(), vars));
            case MathExpr.Power p -> F.Power(toCas(p.base(), vars), toCas(p.exponent(), vars));
            case MathExpr.Call c -> call(c.function(), toCas(c.argument(), vars));
        };
    }

    private static IExpr[] all(List<MathExpr> items, Map<String, ISymbol> vars) {
        return items.stream().map(i -> toCas(i, vars)).toArray(IExpr[]::new);
    }

    private static IExpr call(String function, IExpr x) {
        return switch (function) {
            case "sqrt" -> F.Sqrt(x);
            case "sin" -> F.Sin(x);
            case "cos" -> F.Cos(x);
            case "tan" -> F.Tan(x);
            case "cot" -> F.Cot(x);
            case "sec" -> F.Sec(x);
            case "csc" -> F.Csc(x);
            case "arcsin" -> F.ArcSin(x);
            case "arccos" -> F.ArcCos(x);
            case "arctan" -> F.ArcTan(x);
            case "ln", "log" -> F.Log(x);
            case "exp" -> F.Exp(x);
            case "abs" -> F.Abs(x);
            case "factorial" -> F.Factorial(x);
            default -> throw new IllegalArgumentException("function " + function);
        };
    }
}
