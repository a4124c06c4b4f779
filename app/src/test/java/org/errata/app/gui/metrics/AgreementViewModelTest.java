package org.errata.app.gui.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.app.annotate.AgreementFixtures;
import org.errata.app.annotate.AgreementReport;
import org.errata.app.annotate.AgreementReport.Human;
import org.errata.app.annotate.AgreementReport.Machine;
import org.errata.app.annotate.AgreementReport.Reference;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.services.StoreLibraryService;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agreement panel's model on a SQLite store, every figure worked out by hand from {@link AgreementFixtures}. */
class AgreementViewModelTest {
    static final Human ALICE = new Human("alice");
    static final Human BOB = new Human("bob");
    static final Reference CONSENSUS = new Reference();
    static final Machine SELF = new Machine(VerifierRole.SELF);
    static final Machine CRITIC = new Machine(VerifierRole.CRITIC);

    @TempDir Path dir;
    Database db;
    StoreLibraryService library;
    List<Attempt> attempts;
    final List<String> errors = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        attempts = AgreementFixtures.store(db);
        library = new StoreLibraryService(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AgreementViewModel vm() {
        AgreementViewModel vm = new AgreementViewModel(library, new CurrentThreadTaskExecutor(), errors::add);
        vm.runProperty().set(AgreementFixtures.run());
        return vm;
    }

    private static double kappa(AgreementReport r, AgreementReport.Rater a, AgreementReport.Rater b, int n) {
        AgreementReport.Cell c = r.cell(a, b);
        assertThat(c).as(a.name() + " / " + b.name()).isNotNull();
        assertThat(c.items()).as("n of " + a.name() + " / " + b.name()).isEqualTo(n);
        assertThat(c.kappa()).as(a.name() + " / " + b.name()).isNotNull();
        return c.kappa();
    }

    @Test
    void withoutLabelsTheEmptyStateSaysWhereToLabel() {
        AgreementViewModel vm = vm();
        assertThat(vm.emptyProperty().get()).isEqualTo(AgreementViewModel.NO_LABELS);
        AgreementReport r = vm.reportProperty().get();
        assertThat(r).isNotNull();
        // The machine roles are still there to compare with each other: six attempts both judged, less
        // problem 3, where self named no step.
        assertThat(r.raters()).containsExactly(SELF, CRITIC);
        assertThat(r.cell(SELF, CRITIC).items()).isEqualTo(5);
        assertThat(errors).isEmpty();
    }

    @Test
    void kappaMatrixAlphaAndProcessBenchByRoleHandComputed() throws Exception {
        AgreementFixtures.label(library, attempts);
        AgreementViewModel vm = vm();
        AgreementReport r = vm.reportProperty().get();
        assertThat(r).isNotNull();
        assertThat(vm.emptyProperty().get()).isEmpty();
        assertThat(r.items()).isEqualTo(5);
        assertThat(r.raters()).containsExactly(ALICE, BOB, CONSENSUS, SELF, CRITIC);

        // alice −1 1 2 0 −1, bob −1 1 3 −1 −1: p_o = 3/5; marginals (−1: 2·3, 1: 1·1) → p_e = 7/25; κ = (8/25)/(18/25) = 4/9.
        assertThat(kappa(r, ALICE, BOB, 5)).isCloseTo(4.0 / 9, within(1e-12));
        // Consensus: the common label, a tie going to the earliest step: −1 1 2 0 −1 (alice's every time).
        assertThat(kappa(r, ALICE, CONSENSUS, 5)).isCloseTo(1.0, within(1e-12));
        assertThat(kappa(r, BOB, CONSENSUS, 5)).isCloseTo(4.0 / 9, within(1e-12));
        // Self names no step on problem 3: alice −1 1 0 −1 vs self −1 1 −1 −1: p_o = 3/4, p_e = (2·3 + 1·1)/16 = 7/16; κ = 5/9.
        assertThat(kappa(r, ALICE, SELF, 4)).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(kappa(r, CONSENSUS, SELF, 4)).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(kappa(r, BOB, SELF, 4)).isCloseTo(1.0, within(1e-12));
        // alice vs critic −1 2 2 0 3: p_o = 3/5, p_e = (2·1 + 1·2 + 1·1)/25 = 5/25; κ = (10/25)/(20/25) = 1/2.
        assertThat(kappa(r, ALICE, CRITIC, 5)).isCloseTo(0.5, within(1e-12));
        // Machines also on the unlabelled problem 6: self −1 1 −1 −1 −1, critic −1 2 0 3 −1:
        // p_o = 2/5, p_e = 4·2/25 = 8/25; κ = (2/25)/(17/25) = 2/17.
        assertThat(kappa(r, SELF, CRITIC, 5)).isCloseTo(2.0 / 17, within(1e-12));

        // Krippendorff's nominal α over alice and bob: 10 values, 4 disagreeing ordered pairs; n_c: −1:5, 1:2, 0, 2, 3: 1 each.
        // α = 1 − (n − 1)·4 / (n² − Σ n_c²) = 1 − 9·4/(100 − 32) = 8/17.
        assertThat(r.alphaNominal()).isCloseTo(8.0 / 17, within(1e-12));

        // ProcessBench against the consensus −1 1 2 0 −1. Self −1 1 (none) −1 −1: on erroneous 1 of 3, on correct 2 of 2, F1 = 1/2.
        var self = r.role(VerifierRole.SELF).orElseThrow();
        assertThat(self.erroneous()).isEqualTo(3);
        assertThat(self.correct()).isEqualTo(2);
        assertThat(self.quality().accErr()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(self.quality().accCor()).isCloseTo(1.0, within(1e-12));
        assertThat(self.quality().f1()).isCloseTo(0.5, within(1e-12));
        // Critic −1 2 2 0 3: erroneous 2 of 3, correct 1 of 2; F1 = 2·(2/3)(1/2)/(2/3 + 1/2) = 4/7.
        var critic = r.role(VerifierRole.CRITIC).orElseThrow();
        assertThat(critic.quality().accErr()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(critic.quality().accCor()).isCloseTo(0.5, within(1e-12));
        assertThat(critic.quality().f1()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(r.byRole()).extracting(AgreementReport.RoleQuality::role).containsExactly(VerifierRole.SELF, VerifierRole.CRITIC);
        assertThat(vm.summaryProperty().get()).isEqualTo(
                "5 labelled items \u00b7 2 annotators \u00b7 Krippendorff's \u03b1 over the annotators: nominal 0.471, interval "
                        + AgreementViewModel.fmt(r.alphaInterval()));
        assertThat(errors).isEmpty();
    }

    @Test
    void aSavedLabelRecomputesTheShownRunAndOnlyMarksAHiddenPanelStale() throws Exception {
        AgreementFixtures.label(library, attempts);
        AgreementViewModel vm = vm();
        int before = vm.computedCount();

        // bob changes his mind on problem 3 (3 → 2): bob −1 1 2 −1 −1; p_o = 4/5, p_e = (2·3 + 1 + 1)/25 = 8/25; κ = 12/17.
        AgreementFixtures.label(library, attempts.get(2), 2, "bob", 2);
        assertThat(vm.computedCount()).isEqualTo(before + 1);
        assertThat(vm.reportProperty().get().cell(ALICE, BOB).kappa()).isCloseTo(12.0 / 17, within(1e-12));

        vm.activeProperty().set(false);
        AgreementFixtures.label(library, attempts.get(5), 5, "alice", 1);
        AgreementFixtures.label(library, attempts.get(5), 5, "bob", 1);
        assertThat(vm.computedCount()).as("nothing computed while hidden").isEqualTo(before + 1);
        vm.activeProperty().set(true);
        assertThat(vm.computedCount()).as("computed once when shown again").isEqualTo(before + 2);
        assertThat(vm.reportProperty().get().items()).isEqualTo(6);
        assertThat(errors).isEmpty();
    }
}
