package org.errata.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.trainer.DemoModelMaker;
import org.errata.trainer.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code errata train-demo}: regenerates the synthetic SPOC traces and retrains the bundled demo
 * model from scratch on the CPU, writing the model folder; optionally samples it on held-out problems.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Regenerate the data and retrain the bundled toy demo model (CPU, DJL).")
public final class TrainDemoCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data, initialisation and order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (default: the assets module's demo-model folder, else ./demo-model).")
    Path out;

    @Option(names = "--steps", defaultValue = "3000", description = "Training steps; sets the learning-rate schedule (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--minutes", defaultValue = "0", description = "Also stop after this many minutes (0: no limit; a stopped run is not reproducible).")
    double minutes;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--eval", defaultValue = "0", paramLabel = "N", description = "Afterwards, sample the model on the first N held-out problems and print the figures.")
    int eval;

    @Option(names = "--eval-only", description = "Do not train: only evaluate the folder given by --out.")
    boolean evalOnly;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature of the evaluation (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-turns", defaultValue = "3", description = "Solutions counted per problem in the evaluation (default: ${DEFAULT-VALUE}).")
    int maxTurns;

    @Option(names = "--heldout-out", paramLabel = "FILE", description = "Also write the 500 held-out problems (GSM8K-style JSONL) to FILE.")
    Path heldOut;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : defaultOut();
        if (heldOut != null) {
            DemoModelMaker.writeHeldOut(heldOut);
            System.out.println("wrote held-out problems to " + heldOut);
        }
        if (!evalOnly) {
            TrainConfig config = TrainConfig.defaults(seed).withSteps(steps).withMaxMinutes(minutes).withBatchSize(batch)
                    .withThreads(threads);
            DemoModelMaker.make(config, dir, System.out);
        }
        if (eval > 0 || evalOnly) {
            DemoModelMaker.evaluate(dir, eval > 0 ? eval : 500, temperature, seed, maxTurns, threads, System.out);
        }
        return 0;
    }

    private static Path defaultOut() {
        String home = System.getProperty("errata.home");
        if (home != null) {
            return Path.of(home, "assets", "src", "main", "resources", "org", "errata", "assets", "demo-model");
        }
        return Path.of("demo-model");
    }
}
