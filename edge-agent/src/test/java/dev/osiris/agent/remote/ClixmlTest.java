package dev.osiris.agent.remote;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClixmlTest {

    private static final String OBJS = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";
    /** What powershell.exe 5.1 sent through WinRS for {@code Get-Item C:\nope} (progress record first). */
    private static final String GET_ITEM_ERROR = "#< CLIXML\r\n" + OBJS
            + "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T>"
            + "<T>System.Object</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first"
            + " use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>"
            + "<S S=\"Error\">Get-Item : Cannot find path 'C:\\nope' because it does not exist._x000D__x000A_</S>"
            + "<S S=\"Error\">At line:1 char:1_x000D__x000A_</S>"
            + "<S S=\"Error\">+ CategoryInfo          : ObjectNotFound: (C:\\nope:String) [Get-Item], ItemNotFoundException_x000D__x000A_</S>"
            + "</Objs>";

    @Test
    void errorRecordsBecomeTheConsolesTextAndProgressIsDropped() {
        assertThat(Clixml.decode(GET_ITEM_ERROR)).isEqualTo(
                "Get-Item : Cannot find path 'C:\\nope' because it does not exist.\r\n"
                        + "At line:1 char:1\r\n"
                        + "+ CategoryInfo          : ObjectNotFound: (C:\\nope:String) [Get-Item], ItemNotFoundException\r\n");
    }

    @Test
    void textWithoutAHeaderIsReturnedUnchanged() {
        assertThat(Clixml.decode("Access is denied.\r\n")).isEqualTo("Access is denied.\r\n");
        assertThat(Clixml.readable("")).isEmpty();
    }

    @Test
    void nativeTextAroundDocumentsAndSeveralDocumentsAreKeptInOrder() {
        String stderr = "sc: warning\r\n#< CLIXML\r\n" + OBJS + "<S S=\"Error\">one_x000A_</S></Objs>\r\n"
                + "#< CLIXML\r\n" + OBJS + "<S S=\"Warning\">two_x000A_</S><S S=\"verbose\">three_x000A_</S></Objs>";
        assertThat(Clixml.decode(stderr)).isEqualTo("sc: warning\r\none\nWARNING: two\nVERBOSE: three\n");
    }

    @Test
    void escapesAreXmlConvertsAndAnythingElseStaysAsWritten() {
        assertThat(Clixml.unescape("a_x005F_x000A_b")).isEqualTo("a_x000A_b");
        assertThat(Clixml.unescape("C:\\my_xfiles_x0009_tab")).isEqualTo("C:\\my_xfiles\ttab");
        assertThat(Clixml.unescape("_xD83D__xDE00_")).isEqualTo("\uD83D\uDE00");
        assertThat(Clixml.unescape("_x00_ and _x")).isEqualTo("_x00_ and _x");
        assertThat(Clixml.decode("#< CLIXML\r\n" + OBJS + "<S S=\"Error\">&lt;tag&gt; &amp; more</S></Objs>"))
                .isEqualTo("<tag> & more");
    }

    @Test
    void aTruncatedDocumentIsRefusedWithItsOffset() {
        String truncated = "x#< CLIXML\r\n" + OBJS + "<S S=\"Error\">cut off";
        assertThatThrownBy(() -> Clixml.decode(truncated)).isInstanceOf(Clixml.MalformedClixml.class)
                .hasMessage("CLIXML at offset 1 has no closing </Objs> (truncated output?)");
    }

    @Test
    void xmlThatIsNotPowerShellsSerialisationIsRefusedPrecisely() {
        assertThatThrownBy(() -> Clixml.decode("#< CLIXML\r\n<Objs xmlns=\"urn:other\"><S>x</S></Objs>"))
                .isInstanceOf(Clixml.MalformedClixml.class)
                .hasMessageContaining("root element <Objs> is not PowerShell's");
        assertThatThrownBy(() -> Clixml.decode("#< CLIXML\r\n" + OBJS + "<S S=\"Error\">x<S></Objs>"))
                .isInstanceOf(Clixml.MalformedClixml.class).hasMessageContaining("is not well-formed XML");
        assertThatThrownBy(() -> Clixml.decode("#< CLIXML\r\n" + OBJS + "<Script>x</Script></Objs>"))
                .isInstanceOf(Clixml.MalformedClixml.class).hasMessageContaining("unexpected element <Script>");
        assertThatThrownBy(() -> Clixml.decode("#< CLIXML\r\n" + OBJS + "<S S=\"Secret\">x</S></Objs>"))
                .isInstanceOf(Clixml.MalformedClixml.class).hasMessageContaining("unknown stream S=\"Secret\"");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() {
        String xxe = "#< CLIXML\r\n<!DOCTYPE Objs [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + OBJS
                + "<S S=\"Error\">&x;</S></Objs>";
        assertThatThrownBy(() -> Clixml.decode(xxe)).isInstanceOf(Clixml.MalformedClixml.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void readableLosesNothingWhenTheInputCannotBeDecoded() {
        String truncated = "#< CLIXML\r\n" + OBJS + "<S S=\"Error\">cut";
        assertThat(Clixml.readable(truncated)).isEqualTo(
                "(stderr not decoded: CLIXML at offset 0 has no closing </Objs> (truncated output?))\n" + truncated);
        assertThat(Clixml.readable(GET_ITEM_ERROR)).startsWith("Get-Item : Cannot find path");
    }
}
