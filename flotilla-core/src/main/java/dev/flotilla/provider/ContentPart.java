package dev.flotilla.provider;

import java.util.Objects;

/** One part of a message's content: text or an image. */
public sealed interface ContentPart {

    /** Plain text. */
    record Text(String text) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An image by URL ({@code https:} or a {@code data:} URL).
     *
     * @param url the image location
     * @param detail {@code auto}, {@code low} or {@code high}
     */
    record Image(String url, String detail) implements ContentPart {
        public Image {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
