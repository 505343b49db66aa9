package dev.flotilla.gateway.internal;

import dev.flotilla.openai.OpenAiErrors;
import java.io.Serial;
import java.util.Objects;

/** A request refused before any upstream call: the reply to send. Carries no stack trace. */
final class HttpFailure extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient OpenAiErrors.ErrorReply reply;

    HttpFailure(OpenAiErrors.ErrorReply reply) {
        super(reply.body().error().message(), null, false, false);
        this.reply = Objects.requireNonNull(reply, "reply");
    }

    OpenAiErrors.ErrorReply reply() {
        return reply;
    }
}
