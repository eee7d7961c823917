package dev.osiris.lab.windows.shell;

/** PowerShell's CLIXML serialisation of the error stream, as powershell.exe writes it under WinRS. */
final class Clixml {

    private Clixml() {
    }

    /**
     * Buffers stderr text (error records) and warning/verbose/debug records and writes them, in order, as one
     * {@code #< CLIXML} document on flush; stdout passes through.
     */
    static final class ErrorStream implements ShellOutput {
        private final ShellOutput target;
        private final java.util.List<String[]> records = new java.util.ArrayList<>();

        ErrorStream(ShellOutput target) {
            this.target = target;
        }

        @Override
        public void stdout(String text) {
            target.stdout(text);
        }

        @Override
        public void stderr(String text) {
            records.add(new String[] {"Error", text});
        }

        @Override
        public void stream(String stream, String text) {
            records.add(new String[] {stream, text});
        }

        void flush() {
            if (records.isEmpty()) {
                return;
            }
            StringBuilder sb = new StringBuilder("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" "
                    + "xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">");
            for (String[] record : records) {
                for (String line : record[1].split("(?<=\n)")) {
                    sb.append("<S S=\"").append(record[0]).append("\">").append(encode(line)).append("</S>");
                }
            }
            target.stderr(sb.append("</Objs>").toString());
            records.clear();
        }
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\r' -> sb.append("_x000D_");
                case '\n' -> sb.append("_x000A_");
                case '_' -> sb.append(i + 1 < s.length() && s.charAt(i + 1) == 'x' ? "_x005F_" : "_");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
