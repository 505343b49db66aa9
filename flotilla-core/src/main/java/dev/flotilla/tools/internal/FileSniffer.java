package dev.flotilla.tools.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells text from binary by the first 8 KiB (a NUL byte or invalid UTF-8 means binary) and guesses a
 * binary file's type from its magic bytes or its extension.
 */
public final class FileSniffer {
    /** How many leading bytes decide. */
    public static final int SNIFF_BYTES = 8 * 1024;

    private FileSniffer() {}

    /**
     * What a file looks like.
     *
     * @param binary whether it is binary
     * @param type a short type guess ({@code "PNG image"}, {@code "text"})
     * @param size its size in bytes
     */
    public record Sniff(boolean binary, String type, long size) {}

    /** Sniffs a regular file. */
    public static Sniff sniff(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        boolean binary = isBinary(head, size > head.length);
        return new Sniff(binary, binary ? guessType(head, file.getFileName().toString()) : "text", size);
    }

    /** Whether these leading bytes are binary; {@code more} says the file goes on after them. */
    public static boolean isBinary(byte[] head, boolean more) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(head.length + 1);
        // When the file goes on, a character cut by the 8 KiB boundary is an underflow, not an error.
        CoderResult result = decoder.decode(ByteBuffer.wrap(head), out, !more);
        return result.isError();
    }

    /** Guesses the type of a binary file from its magic bytes, else from its extension. */
    public static String guessType(byte[] head, String fileName) {
        if (startsWith(head, 0x89, 'P', 'N', 'G')) return "PNG image";
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) return "JPEG image";
        if (startsWith(head, 'G', 'I', 'F', '8')) return "GIF image";
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E')
            return "WebP image";
        if (startsWith(head, 0, 0, 1, 0)) return "ICO image";
        if (startsWith(head, '%', 'P', 'D', 'F')) return "PDF document";
        if (startsWith(head, 'P', 'K', 3, 4)) return zipKind(fileName);
        if (startsWith(head, 0x1F, 0x8B)) return "gzip archive";
        if (startsWith(head, 'B', 'Z', 'h')) return "bzip2 archive";
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0)) return "xz archive";
        if (startsWith(head, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) return "7-Zip archive";
        if (startsWith(head, 0x7F, 'E', 'L', 'F')) return "ELF executable or library";
        if (startsWith(head, 0xCA, 0xFE, 0xBA, 0xBE)) return "Java class file";
        if (startsWith(head, 0xCF, 0xFA, 0xED, 0xFE) || startsWith(head, 0xFE, 0xED, 0xFA, 0xCF))
            return "Mach-O executable";
        if (startsWith(head, 'M', 'Z')) return "Windows executable";
        if (startsWith(head, 0, 'a', 's', 'm')) return "WebAssembly module";
        if (startsWith(head, 'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't')) return "SQLite database";
        if (head.length > 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a')
            return "tar archive";
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && dot < fileName.length() - 1
                ? "binary data (." + fileName.substring(dot + 1).toLowerCase(Locale.ROOT) + ")"
                : "binary data";
    }

    private static String zipKind(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jar")) return "Java archive (zip)";
        if (lower.endsWith(".docx") || lower.endsWith(".xlsx") || lower.endsWith(".pptx"))
            return "Office document (zip)";
        return "zip archive";
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A size for people: {@code 812 B}, {@code 2.1 KiB}, {@code 100.0 MiB}. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
