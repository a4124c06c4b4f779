package org.errata.app.annotate;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * One annotator working through a queue. Every key is an {@link Action}; every edit is a
 * {@link LabelCommand} applied to the current item's {@link LabelDraft}, pushed on the undo
 * stack and saved at once through the {@link LabelSink} (the new version replaces the
 * annotator's earlier label on that item). Time on item counts while the item is current and
 * adds to the time a stored label already had. In blind mode the model's verdicts and other
 * annotators' labels are hidden. Not thread-safe: call it from one thread (the UI thread).
 */
public final class AnnotationSession {
    private static final System.Logger LOG = System.getLogger(AnnotationSession.class.getName());

    private record Undo(int item, int step, LabelDraft before, LabelCommand command) {}

    private final AnnotationQueue queue;
    private final String annotator;
    private final LabelSink sink;
    private final Clock clock;
    private final boolean blind;
    private final Map<Integer, LabelDraft> drafts = new HashMap<>();
    private final Map<Integer, Long> spentMs = new HashMap<>();
    private final Set<Integer> skipped = new HashSet<>();
    private final Set<Integer> storedHere = new HashSet<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private int item;
    private int step;
    private long enteredAt;
    private boolean sheetVisible;
    private int saved;
    private String status = "";
    private @Nullable String error;

    public AnnotationSession(AnnotationQueue queue, String annotator, LabelSink sink, Clock clock, boolean blind) {
        if (annotator.isBlank()) throw new IllegalArgumentException("annotator name must not be blank");
        this.queue = queue;
        this.annotator = annotator;
        this.sink = sink;
        this.clock = clock;
        this.blind = blind;
        this.item = queue.firstUnlabelled(annotator);
        this.enteredAt = clock.millis();
    }

    public AnnotationQueue queue() { return queue; }
    public String annotator() { return annotator; }
    public boolean blind() { return blind; }
    /** Index of the current item; {@code queue().size()} when the queue is done. */
    public int itemIndex() { return item; }
    public int step() { return step; }
    public boolean sheetVisible() { return sheetVisible; }
    /** Label versions saved in this session. */
    public int savedCount() { return saved; }
    /** What the last action did, for the status line. */
    public String status() { return status; }
    /** The last save failure, until a save succeeds. */
    public @Nullable String error() { return error; }

    public boolean done() {
        return item >= queue.size();
    }

    public Optional<AnnotationItem> current() {
        return done() ? Optional.empty() : Optional.of(queue.get(item));
    }

    /** The current item's label as edited so far. */
    public LabelDraft draft() {
        return done() ? LabelDraft.empty(0) : draft(item);
    }

    private LabelDraft draft(int i) {
        return drafts.computeIfAbsent(i, k -> {
            AnnotationItem it = queue.get(k);
            return it.labelBy(annotator).map(l -> LabelDraft.of(l, it.steps().size()))
                    .orElseGet(() -> LabelDraft.empty(it.steps().size()));
        });
    }

    /** Items with a complete label by this annotator (stored before or made now). */
    public int completed() {
        int n = 0;
        for (int i = 0; i < queue.size(); i++) {
            AnnotationItem it = queue.get(i);
            boolean done = drafts.containsKey(i) ? drafts.get(i).complete()
                    : it.labelBy(annotator).map(l -> LabelDraft.complete(l, it.steps().size())).orElse(false);
            if (done) n++;
        }
        return n;
    }

    public boolean skipped(int i) {
        return skipped.contains(i);
    }

    /** The model's verdicts on the current item; none in blind mode. */
    public List<Verification> visibleVerdicts() {
        return blind || done() ? List.of() : queue.get(item).verdicts();
    }

    /** Other annotators' labels on the current item; none in blind mode. */
    public List<HumanLabel> visibleLabels() {
        if (blind || done()) return List.of();
        return queue.get(item).labels().stream().filter(l -> !l.annotator().equals(annotator)).toList();
    }

    /** Milliseconds spent on the current item, including time stored with an earlier label. */
    public long timeOnItemMs() {
        return done() ? 0 : timeOn(item);
    }

    private long timeOn(int i) {
        long before = queue.get(i).labelBy(annotator).map(HumanLabel::timeMs).orElse(0L);
        long now = i == item ? clock.millis() - enteredAt : 0;
        return before + spentMs.getOrDefault(i, 0L) + Math.max(0, now);
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Performs a key's action. Returns false when there is nothing to do (e.g. the queue is done). */
    public boolean perform(Action action) {
        if (action == Action.SHEET) {
            sheetVisible = !sheetVisible;
            changed();
            return true;
        }
        if (done() && action != Action.PREVIOUS_ITEM && action != Action.UNDO) return false;
        switch (action) {
            case NEXT_STEP -> moveStep(1);
            case PREVIOUS_STEP -> moveStep(-1);
            case FIRST_ERROR -> edit(new LabelCommand.MarkFirstError(step));
            case ALL_CORRECT -> edit(new LabelCommand.AllCorrect());
            case RATE_GOOD -> rate(1);
            case RATE_NEUTRAL -> rate(0);
            case RATE_BAD -> rate(-1);
            case UNDO -> undo();
            case SKIP -> skip();
            case BAD_PROBLEM -> edit(new LabelCommand.ToggleBadProblem());
            case ERROR_TYPE -> edit(new LabelCommand.CycleErrorType());
            case CONFIDENCE -> edit(new LabelCommand.CycleConfidence());
            case NEXT_ITEM -> goTo(item + 1);
            case PREVIOUS_ITEM -> goTo(item - 1);
            case SHEET -> { }
        }
        return true;
    }

    /** Sets the current step (clamped to the item's steps). */
    public void selectStep(int s) {
        if (done()) return;
        step = Math.max(0, Math.min(s, queue.get(item).steps().size() - 1));
        changed();
    }

    private void moveStep(int delta) {
        selectStep(step + delta);
    }

    private void rate(int rating) {
        int at = step;
        edit(new LabelCommand.Rate(at, rating));
        if (rating != -1 && at + 1 < queue.get(item).steps().size()) step = at + 1;
        changed();
    }

    /** Applies an edit to the current item, records it for undo and saves the label. */
    public void edit(LabelCommand command) {
        if (done()) return;
        LabelDraft before = draft(item);
        LabelDraft after = command.apply(before);
        if (after.equals(before)) return;
        undo.push(new Undo(item, step, before, command));
        drafts.put(item, after);
        skipped.remove(item);
        status = command.description();
        save(item);
        changed();
    }

    /** Undoes the last edit, on whichever item it was made (going back there), and saves the result. */
    public void undo() {
        Undo u = undo.poll();
        if (u == null) {
            status = "nothing to undo";
            changed();
            return;
        }
        if (u.item() != item) enter(u.item());
        drafts.put(u.item(), u.before());
        step = u.step();
        status = "undid: " + u.command().description();
        save(u.item());
        changed();
    }

    private void skip() {
        skipped.add(item);
        status = "skipped item " + (item + 1);
        enter(nextAfter(item));
        changed();
    }

    private int nextAfter(int i) {
        return Math.min(i + 1, queue.size());
    }

    /** Goes to item {@code i} (clamped; {@code queue().size()} means "done"). */
    public void goTo(int i) {
        enter(Math.max(0, Math.min(i, queue.size())));
        changed();
    }

    private void enter(int i) {
        long now = clock.millis();
        if (!done()) spentMs.merge(item, Math.max(0, now - enteredAt), Long::sum);
        item = i;
        step = 0;
        enteredAt = now;
    }

    /**
     * Saves the item's draft. A draft with no rated step and no bad-problem flag is not a label
     * yet (stored, it would read as "all correct"): it is kept in memory, and a stored label of
     * this annotator is removed when an undo comes back to that.
     */
    private void save(int i) {
        AnnotationItem it = queue.get(i);
        LabelDraft d = draft(i);
        try {
            if (d.rated() == 0 && !d.badProblem()) {
                if (storedHere.contains(i) || it.labelBy(annotator).isPresent()) {
                    sink.delete(it.run(), it.problem(), it.attempt().id(), annotator, it.segmenter());
                    storedHere.remove(i);
                    saved++;
                }
            } else {
                sink.save(it.run(), it.problem(), d.toLabel(it.attempt().id(), it.nextSeq(), annotator, it.segmenter(),
                        timeOn(i), clock.instant()));
                storedHere.add(i);
                saved++;
            }
            error = null;
        } catch (org.errata.app.services.ServiceException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the label of item " + (i + 1) + ": " + e.getMessage(), e);
            error = "The label was not saved: " + e.getMessage();
        }
    }

    private void changed() {
        for (Runnable l : listeners) l.run();
    }

    /** Copies of the drafts made in this session, by item index (for tests and the progress view). */
    public Map<Integer, LabelDraft> drafts() {
        return Map.copyOf(drafts);
    }

    /** Items still to label, in queue order: unlabelled first, skipped ones at the end. */
    public List<Integer> remaining() {
        List<Integer> open = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            AnnotationItem it = queue.get(i);
            boolean done = drafts.containsKey(i) ? drafts.get(i).complete()
                    : it.labelBy(annotator).map(l -> LabelDraft.complete(l, it.steps().size())).orElse(false);
            if (done) continue;
            (skipped.contains(i) ? later : open).add(i);
        }
        open.addAll(later);
        return open;
    }
}
