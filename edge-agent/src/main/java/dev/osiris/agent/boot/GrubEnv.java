package dev.osiris.agent.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GRUB's environment block as a value: its lines in file order. The format is GRUB's own ({@code
 * grub-core/lib/envblk.c}): exactly 1024 bytes, the line {@code # GRUB Environment Block}, then {@code name=value}
 * lines in which a backslash escapes the next byte (GRUB escapes {@code \} and newline) and comment lines starting
 * with {@code #} (Debian's grub-editenv writes a warning), then {@code #} to the end. Comments are kept as they are.
 * Parsing is stricter than GRUB, which skips what it cannot read: anything GRUB and grub-editenv would not have
 * written is refused, so a damaged block is never half-read and then written back as if whole.
 */
public final class GrubEnv {

    public static final int SIZE = 1024;
    static final byte[] HEADER = "# GRUB Environment Block\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private sealed interface Line permits Comment, Variable {
    }

    private record Comment(String text) implements Line {
    }

    private record Variable(String name, String value) implements Line {
    }

    private final List<Line> lines;

    private GrubEnv(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /** A block with no variables. */
    public static GrubEnv empty() {
        return new GrubEnv(List.of());
    }

    /**
     * Reads a block.
     *
     * @throws GrubEnvException when {@code block} is not exactly a block GRUB would write, naming the offset
     */
    public static GrubEnv parse(byte[] block) throws GrubEnvException {
        if (block.length != SIZE) {
            throw new GrubEnvException("is " + block.length + " bytes; a GRUB environment block is exactly " + SIZE
                    + " (truncated, or not one)");
        }
        if (!Arrays.equals(block, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new GrubEnvException("does not start with the line '# GRUB Environment Block': not one");
        }
        List<Line> lines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int pos = HEADER.length;
        while (pos < SIZE) {
            int lineStart = pos;
            int end = lineEnd(block, pos);
            if (block[pos] == '#') {
                if (end == SIZE) {
                    break; // the padding: '#' from after the last line to the end of the block
                }
                lines.add(new Comment(text(block, pos, end, pos))); // grub-editenv writes a warning line
                pos = end + 1;
                continue;
            }
            int eq = pos;
            while (eq < end && block[eq] != '=') {
                eq++;
            }
            if (eq == end) {
                throw new GrubEnvException(end == SIZE
                        ? "has bytes after the variables at offset " + lineStart + " that are neither a line nor '#'"
                        : "has a line without '=' at offset " + lineStart);
            }
            String name = text(block, lineStart, eq, lineStart);
            if (name.isEmpty()) {
                throw new GrubEnvException("has a variable without a name at offset " + lineStart);
            }
            if (end == SIZE) {
                throw new GrubEnvException("variable " + name + " at offset " + lineStart
                        + " runs to the end of the block without a newline");
            }
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            for (int i = eq + 1; i < end; i++) {
                if (block[i] == '\\') {
                    i++; // GRUB takes the byte after a backslash as it is
                }
                if (block[i] == 0) {
                    throw new GrubEnvException("has a NUL byte in variable " + name + " at offset " + i);
                }
                value.write(block[i]);
            }
            if (!names.add(name)) {
                throw new GrubEnvException("sets " + name + " twice (offset " + lineStart + ")");
            }
            byte[] raw = value.toByteArray();
            lines.add(new Variable(name, text(raw, 0, raw.length, eq + 1)));
            pos = end + 1;
        }
        for (int i = pos; i < SIZE; i++) {
            if (block[i] != '#') {
                throw new GrubEnvException(String.format(
                        "has byte 0x%02x at offset %d in the padding after the variables, where only '#' belongs",
                        block[i] & 0xff, i));
            }
        }
        return new GrubEnv(lines);
    }

    /** The offset of the newline ending the line at {@code pos} (a backslash escapes it), or SIZE if none does. */
    private static int lineEnd(byte[] block, int pos) {
        boolean comment = block[pos] == '#';
        int i = pos;
        while (i < SIZE && block[i] != '\n') {
            i += !comment && block[i] == '\\' ? 2 : 1;
        }
        return Math.min(i, SIZE);
    }

    /** The variables in block order. */
    public SequencedMap<String, String> variables() {
        SequencedMap<String, String> vars = new LinkedHashMap<>();
        for (Line line : lines) {
            if (line instanceof Variable v) {
                vars.put(v.name(), v.value());
            }
        }
        return Collections.unmodifiableSequencedMap(vars);
    }

    public Optional<String> get(String name) {
        for (Line line : lines) {
            if (line instanceof Variable v && v.name().equals(name)) {
                return Optional.of(v.value());
            }
        }
        return Optional.empty();
    }

    /**
     * This block with {@code name} set: a variable already present keeps its place, a new one goes last (as
     * grub-editenv does).
     *
     * @throws IllegalArgumentException for a name GRUB's script could not use or a value with a NUL byte
     */
    public GrubEnv with(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a GRUB variable name (letters, digits, '_')");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of " + name + " contains a NUL byte");
        }
        List<Line> next = new ArrayList<>(lines);
        Variable set = new Variable(name, value);
        boolean replaced = false;
        for (int i = 0; i < next.size() && !replaced; i++) {
            if (next.get(i) instanceof Variable v && v.name().equals(name)) {
                next.set(i, set);
                replaced = true;
            }
        }
        if (!replaced) {
            next.add(set);
        }
        return new GrubEnv(next);
    }

    /**
     * The 1024 bytes of this block.
     *
     * @throws GrubEnvException when the lines do not fit
     */
    public byte[] encode() throws GrubEnvException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE);
        out.writeBytes(HEADER);
        for (Line line : lines) {
            switch (line) {
                case Comment c -> out.writeBytes(c.text().getBytes(StandardCharsets.UTF_8));
                case Variable v -> {
                    out.writeBytes(v.name().getBytes(StandardCharsets.UTF_8));
                    out.write('=');
                    for (byte b : v.value().getBytes(StandardCharsets.UTF_8)) {
                        if (b == '\\' || b == '\n') {
                            out.write('\\');
                        }
                        out.write(b);
                    }
                }
            }
            out.write('\n');
        }
        if (out.size() > SIZE) {
            throw new GrubEnvException("variables take " + out.size() + " bytes with the header; the block holds "
                    + SIZE);
        }
        byte[] block = Arrays.copyOf(out.toByteArray(), SIZE);
        Arrays.fill(block, out.size(), SIZE, (byte) '#');
        return block;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrubEnv other && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return variables().toString();
    }

    private static String text(byte[] bytes, int from, int to, int offset) throws GrubEnvException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new GrubEnvException("has bytes that are not UTF-8 near offset " + offset);
        }
    }
}
