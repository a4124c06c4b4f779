package org.errata.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.persistence.TestTraces;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.trace.AttemptHit;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full-text search on a real store: what the user types is words, FTS5 syntax only when asked for. */
class FullTextSearchTest {
    @TempDir Path dir;
    private Database db;
    private DatasetStore datasets;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        datasets = new DatasetStore(db);
        datasets.saveProblems("d", "problems", List.of(
                Problem.of("d", "sub", "Compute 12-7 and write it down.", "5"),
                Problem.of("d", "dont", "Why don't you simplify first?", "x"),
                Problem.of("d", "colon", "The answer: 5 apples.", "5"),
                Problem.of("d", "quote", "A string \"abc\" is quoted.", "abc"),
                Problem.of("d", "paren", "Evaluate f(x) at (x = 2).", "4"),
                Problem.of("d", "other", "Seven minus twelve; no answer here, nor apples.", "-5")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> keys(String words) throws Exception {
        return datasets.searchProblems(words, 10).stream().map(Problem::key).toList();
    }

    @Test
    void whatTheUserTypesIsFoundAsWords() throws Exception {
        assertThat(keys("12-7")).containsExactly("sub");
        assertThat(keys("don't")).containsExactly("dont");
        assertThat(keys("answer: 5")).containsExactly("colon");
        assertThat(keys("\"abc")).containsExactly("quote");
        assertThat(keys("(x")).containsExactly("paren");
        // FTS5 words are words: AND, OR, NOT, NEAR and * are searched for, not obeyed.
        assertThat(keys("answer OR apples")).isEmpty();
        assertThat(keys("NOT apples")).isEmpty();
        assertThat(keys("appl*")).isEmpty();
        assertThat(keys("text:answer")).isEmpty();
        // All words must be there, in any order.
        assertThat(keys("apples answer")).containsExactlyInAnyOrder("colon", "other");
        // Nothing searchable: no rows, no error.
        assertThat(keys("  ")).isEmpty();
        assertThat(keys("- \" ( :")).isEmpty();
    }

    @Test
    void advancedQueriesUseFts5SyntaxAndTheirErrorsAreOneLine() throws Exception {
        assertThat(datasets.searchProblems(FullTextQuery.advanced("simplify OR quoted"), 10)).extracting(Problem::key)
                .containsExactlyInAnyOrder("dont", "quote");
        assertThat(datasets.searchProblems(FullTextQuery.advanced("appl*"), 10)).extracting(Problem::key)
                .containsExactlyInAnyOrder("colon", "other");
        assertThat(datasets.searchProblems(FullTextQuery.advanced("answer NOT twelve"), 10)).extracting(Problem::key)
                .containsExactly("colon");
        for (String bad : List.of("(x", "\"abc", "12-7", "answer:")) {
            assertThatThrownBy(() -> datasets.searchProblems(FullTextQuery.advanced(bad), 10))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageStartingWith("the search '" + bad + "' is not valid FTS5 syntax")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void attemptSearchTakesWordsTooAndFindsTheRightAttempt() throws Exception {
        TraceStore store = new TraceStore(db);
        Run run = TestTraces.run("d");
        store.saveRun(run);
        ProblemId problem = ProblemId.of("d", "sub");
        Trace trace = TestTraces.everyNodeType(run.id(), problem);
        store.saveTrace(trace);
        Attempt first = trace.attempts().get(0);
        Attempt second = trace.attempts().get(1);
        assertThat(first.text()).contains("2+2=5");
        assertThat(store.searchAttempts("2+2=5", 10)).extracting(AttemptHit::node).containsExactly(first.id());
        assertThat(store.searchAttempts("2+2=4,", 10)).extracting(AttemptHit::node).containsExactly(second.id());
        assertThat(store.searchAttempts("answer: is", 10)).hasSize(1);
        assertThat(store.searchAttempts("\\boxed{5}.", 10)).hasSize(1);
        assertThat(store.searchAttempts(FullTextQuery.advanced("boxed NOT answer"), 10)).hasSize(1);
        assertThatThrownBy(() -> store.searchAttempts(FullTextQuery.advanced("2+2=5"), 10))
                .hasMessageStartingWith("the search '2+2=5' is not valid FTS5 syntax");
    }
}
