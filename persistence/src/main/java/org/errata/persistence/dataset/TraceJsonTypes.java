package org.errata.persistence.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;

final class TraceJsonTypes {
    private TraceJsonTypes() {}

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
}
