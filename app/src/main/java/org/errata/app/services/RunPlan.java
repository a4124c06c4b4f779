package org.errata.app.services;

import java.util.Map;
import java.util.Objects;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.recipe.Recipe;
import org.jspecify.annotations.Nullable;

/**
 * A run to start, as plain values: which problems ({@code offset}, at most {@code limit}, and an
 * optional shard), the whole resolved {@link Recipe}, how many problems decode together (which
 * changes no result, so it is not part of the recipe), and which model spec plays each role
 * ({@code demo}, a folder, or a server URL; the student is required).
 */
public record RunPlan(
        String dataset,
        Recipe recipe,
        Map<ModelRole, String> models,
        int concurrency,
        int offset,
        int limit,
        @Nullable Shard shard,
        @Nullable String name) {

    /** Problem {@code k} (0-based position in the dataset) belongs to shard {@code index} of {@code count} when k mod count == index - 1. */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("shard must be i/n with 1 <= i <= n, got " + index + "/" + count);
            }
        }

        public static Shard parse(String s) {
            String[] parts = s.strip().split("/");
            if (parts.length != 2) throw new IllegalArgumentException("shard must look like i/n, e.g. 2/4: " + s);
            try {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shard must look like i/n, e.g. 2/4: " + s, e);
            }
        }

        public boolean contains(int position) {
            return position % count == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    public RunPlan {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(recipe, "recipe");
        models = Map.copyOf(models);
        if (!models.containsKey(ModelRole.STUDENT)) throw new IllegalArgumentException("a run needs a student model");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
    }

    public String strategy() {
        return recipe.strategy();
    }
}
