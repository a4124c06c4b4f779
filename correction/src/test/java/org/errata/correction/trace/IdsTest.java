package org.errata.correction.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7UuidsThatSortByCreationTimeAndDoNotRepeat() {
        long before = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (int i = 0; i < 20_000; i++) {
            String id = Ids.newId();
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(7);
            assertThat(u.variant()).isEqualTo(2);
            long millis = u.getMostSignificantBits() >>> 16;
            assertThat(millis).isBetween(before, System.currentTimeMillis());
            if (previous != null) {
                long prevMillis = UUID.fromString(previous).getMostSignificantBits() >>> 16;
                assertThat(millis).isGreaterThanOrEqualTo(prevMillis);
            }
            assertThat(seen.add(id)).isTrue();
            previous = id;
        }
    }
}
