package dev.osiris.lab.windows.shell.ps;

/**
 * A PowerShell error record, thrown when terminating. Rendered on stderr the way powershell.exe prints
 * errors ("X : message", "At line:1 char:1", CategoryInfo, FullyQualifiedErrorId).
 */
public final class PsError extends RuntimeException {

    private final String category;
    private final String errorId;
    private final String target;
    private final String commandName;
    private final boolean scriptTerminating;
    private final Object thrownValue;
    private String script;
    private int position = -1;

    PsError(String message, String category, String errorId, String target, String commandName,
            boolean scriptTerminating, Object thrownValue) {
        super(message, null, false, false);
        this.category = category;
        this.errorId = errorId;
        this.target = target;
        this.commandName = commandName;
        this.scriptTerminating = scriptTerminating;
        this.thrownValue = thrownValue;
    }

    /** A statement-terminating error raised by a cmdlet or by the engine. */
    public static PsError of(String commandName, String message, String category, String errorId, String target) {
        return new PsError(message, category, errorId, target, commandName, false, null);
    }

    static PsError parse(String message, String script, int position) {
        PsError e = new PsError(message, "ParserError", "ParseException", "", null, true, null);
        e.at(script, position);
        return e;
    }

    static PsError commandNotFound(String name) {
        return new PsError("The term '" + name + "' is not recognized as the name of a cmdlet, function, script "
                + "file, or operable program. Check the spelling of the name, or if a path was included, verify that "
                + "the path is correct and try again.", "ObjectNotFound", "CommandNotFoundException", name, name,
                false, null);
    }

    static PsError thrown(Object value, String message) {
        return new PsError(message, "OperationStopped", message, message, null, true, value);
    }

    /** The emulator cannot run this construct: fail loudly, never pretend. */
    static PsError unsupported(String what, String script, int position) {
        PsError e = new PsError("The Windows host emulator does not support " + what + ".", "NotImplemented",
                "EmulatorUnsupported", what, null, true, null);
        e.at(script, position);
        return e;
    }

    PsError at(String script, int position) {
        if (this.position < 0) {
            this.script = script;
            this.position = position;
        }
        return this;
    }

    public String category() {
        return category;
    }

    public String errorId() {
        return errorId;
    }

    public boolean scriptTerminating() {
        return scriptTerminating;
    }

    Object thrownValue() {
        return thrownValue;
    }

    /** The error as powershell.exe writes it to stderr (CRLF line ends). */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (commandName != null && !category.equals("ParserError")) {
            sb.append(commandName).append(" : ");
        }
        sb.append(getMessage()).append("\r\n");
        if (script != null && position >= 0) {
            int p = Math.min(position, script.length());
            int lineStart = script.lastIndexOf('\n', p - 1) + 1;
            int lineEnd = script.indexOf('\n', p);
            String line = script.substring(lineStart, lineEnd < 0 ? script.length() : lineEnd).replace("\r", "");
            int lineNo = 1 + (int) script.substring(0, lineStart).chars().filter(ch -> ch == '\n').count();
            sb.append("At line:").append(lineNo).append(" char:").append(p - lineStart + 1).append("\r\n");
            sb.append("+ ").append(line).append("\r\n");
            int width = Math.max(1, Math.min(line.length() - (p - lineStart), tokenLength(line, p - lineStart)));
            sb.append("+ ").append(" ".repeat(Math.max(0, p - lineStart))).append("~".repeat(width)).append("\r\n");
        }
        String cmd = commandName == null ? "" : commandName;
        sb.append("    + CategoryInfo          : ").append(category).append(": (").append(target == null ? "" : target)
                .append(target == null || target.isEmpty() ? ":" : ":String").append(") [").append(cmd)
                .append("], ").append(exceptionName()).append("\r\n");
        sb.append("    + FullyQualifiedErrorId : ").append(errorId).append("\r\n \r\n");
        return sb.toString();
    }

    /** The .NET type of the error's exception ($_.Exception.GetType()), by the error's category. */
    String exceptionType() {
        String name = exceptionName();
        return (name.equals("NotSupportedException") ? "System." : "System.Management.Automation.") + name;
    }

    private String exceptionName() {
        return switch (category) {
            case "ObjectNotFound" -> errorId.endsWith("Exception") ? errorId : "ItemNotFoundException";
            case "InvalidArgument" -> "ParameterBindingException";
            case "ParserError" -> "ParentContainsErrorRecordException";
            case "OperationStopped" -> "RuntimeException";
            case "NotImplemented" -> "NotSupportedException";
            default -> "RuntimeException";
        };
    }

    private static int tokenLength(String line, int from) {
        int j = from;
        while (j < line.length() && !Character.isWhitespace(line.charAt(j))) {
            j++;
        }
        return j - from;
    }
}
