package dev.flotilla.openai;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The Jackson configuration the wire types expect. */
public final class WireJson {
    private WireJson() {}

    /**
     * A new mapper for the wire types: unknown fields are kept by the types themselves, so none is
     * an error. Build one and share it; it is thread-safe once built.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
