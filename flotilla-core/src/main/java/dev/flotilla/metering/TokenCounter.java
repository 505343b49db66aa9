package dev.flotilla.metering;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with the o200k_base encoding used by the GPT-5 family, for pre-call estimates and
 * context-window checks. Building one loads the encoding (about 0.3 s): build it once and share
 * it; it is thread-safe.
 */
public final class TokenCounter {
    /** Tokens a chat message costs beyond its text (role and separators), as OpenAI documents. */
    public static final int MESSAGE_OVERHEAD_TOKENS = 4;

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** A counter for o200k_base. */
    public static TokenCounter o200k() {
        return new TokenCounter(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
    }

    /** The number of tokens in this text. */
    public int count(String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
