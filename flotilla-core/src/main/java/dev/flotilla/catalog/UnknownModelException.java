package dev.flotilla.catalog;

import dev.flotilla.FlotillaException;
import java.util.Collection;

/** A model id that is not in the catalog; the message lists the ids that are. */
public class UnknownModelException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    private final String modelId;

    /** Creates an exception naming the unknown id and the known ones. */
    public UnknownModelException(String modelId, Collection<String> known) {
        super("unknown model '" + modelId + "'; known models: " + String.join(", ", known));
        this.modelId = modelId;
    }

    /** The id that was asked for. */
    public String modelId() {
        return modelId;
    }
}
