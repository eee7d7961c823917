package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tokenizer/parser/interpreter on their own: each row is a script and what it prints. */
class PowerShellSyntaxTest {

    private final WindowsHost host = WindowsHost.workstation("NVWS01");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', textBlock = """
            'it''s' => it's
            "a`tb" => a\tb
            $x = 'w'; "h${x}y $($x.ToUpper())" => hwy W
            $env:COMPUTERNAME => NVWS01
            1 + 2 * 3 => 7
            (1,2,3 | Measure-Object -Sum).Sum => 6
            10 / 4 => 2.5
            @(1,2,3).Count => 3
            'abc' -replace 'b','X' => aXc
            'a,b,c' -split ',' -join '+' => a+b+c
            3 -in 1,2,3 => True
            'Running' -eq 'running' => True
            'Running' -ceq 'running' => False
            -not $false => True
            $null -eq $nothing => True
            [int]'42' + 1 => 43
            [string]::IsNullOrEmpty('') => True
            $h = @{a=1}; $h.b = 2; $h.Count => 2
            ([pscustomobject]@{Name='x';N=1} | ConvertTo-Json -Compress) => {"Name":"x","N":1}
            @{a=@(1,2)} | ConvertTo-Json -Compress => {"a":[1,2]}
            'x' | ForEach-Object { $_ * 3 } => xxx
            Get-Service | Where-Object Status -eq 'Stopped' | Select-Object -First 1 -ExpandProperty Name => ~RemoteRegistry~
            if ($false) { 1 } elseif ($true) { 2 } else { 3 } => 2
            $i = 0; foreach ($n in 1..10) { if ($n -gt 3) { break }; $i += $n }; $i => 6
            try { Get-Item HKLM:\\Nope -ErrorAction Stop } catch { 'caught' } => caught
            $LASTEXITCODE = 0; cmd /c exit 4; $LASTEXITCODE => 4
            "{0:D3}-{1}" -f 7, 'x' => 007-x
            (Get-Date -Year 2020 -Month 1 -Day 2).ToString('yyyy-MM-dd') => 2020-01-02
            'C:\\Windows' -like 'c:\\win*' => True
            hostname => NVWS01
            function Add-Two($a, $b = 2) { return $a + $b }; Add-Two 40 => 42
            function Get-X { param([Parameter(Mandatory=$true)][string]$Name, [switch]$Loud) if ($Loud) { $Name.ToUpper() } else { $Name } }; Get-X -Name abc -Loud => ABC
            switch ('b') { 'a' { 'A' } 'b' { 'B' } default { 'D' } } => B
            switch -Wildcard ('Win32') { 'Lin*' { 'linux' } 'Win*' { 'windows'; break } default { 'other' } } => windows
            switch (7) { { $_ -gt 5 } { 'big' } default { 'small' } } => big
            try { 'abc'.Substring(5) } catch { 'caught .NET' } => caught .NET
            $n = 0; while ($n -lt 5) { $n++ }; $n => 5
            $s = ''; for ($i = 0; $i -lt 3; $i++) { $s += "$i" }; $s => 012
            $o = [pscustomobject]@{a=1}; $o | Add-Member -NotePropertyName b -NotePropertyValue 2; $o | ConvertTo-Json -Compress => {"a":1,"b":2}
            $l = New-Object System.Collections.ArrayList; [void]$l.Add('x'); $l.Add('y') | Out-Null; $l -join ',' => x,y
            (New-TimeSpan -Start (Get-Date).AddDays(-2) -End (Get-Date)).Days => 2
            Join-Path 'C:\\Windows\\' 'System32' => C:\\Windows\\System32
            Split-Path 'C:\\Windows\\System32\\drivers' -Leaf => drivers
            [IO.File]::Exists('C:\\Windows\\System32\\drivers\\etc\\hosts') => True
            @{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress => {"a":{"b":{"c":"System.Collections.Hashtable"}}}
            @{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress -Depth 5 => {"a":{"b":{"c":{"d":1}}}}
            (Get-PSDrive C).Free -gt 0 => True
            """)
    void evaluates(String script, String expected) {
        ShellRun r = ShellRun.ps(host, script.replace("\\\\", "\\"));
        assertThat(r.stderr()).as(script).isEmpty();
        assertThat(r.stdout()).as(script).isEqualTo(expected.replace("\\t", "\t").replace("\\\\", "\\") + "\r\n");
    }

    @Test
    void parseErrorsFailTheWholeScriptBeforeAnythingRuns() {
        ShellRun r = ShellRun.ps(host, "Set-NetFirewallProfile -Profile Domain -Enabled False\n$x = 'unterminated");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("The string is missing the terminator");
        assertThat(host.firewall().profile("Domain").orElseThrow().enabled()).isTrue();
    }

    @Test
    void unsupportedSyntaxIsLoud() {
        ShellRun r = ShellRun.ps(host, "do { 1 } while ($false)");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("does not support the 'do' statement");
    }

    @Test
    void errorsKeepGoingAndTheExitCodeIsTheLastStatementsSuccess() {
        ShellRun r = ShellRun.ps(host, "Get-Service Nope; 'after'");
        assertThat(r.stdout()).isEqualTo("after\r\n");
        assertThat(r.stderr()).contains("Get-Service : Cannot find any service with service name 'Nope'.")
                .contains("FullyQualifiedErrorId : NotFound,Microsoft.PowerShell.Commands.GetServiceCommand");
        // powershell.exe -Command: 0 when the last statement succeeded ($? true), whatever failed before
        assertThat(r.exitCode()).isZero();
        ShellRun last = ShellRun.ps(host, "'before'; Get-Service Nope");
        assertThat(last.stdout()).isEqualTo("before\r\n");
        assertThat(last.exitCode()).isEqualTo(1);
    }

    @Test
    void questionMarkIsTheStatusOfTheStatementBefore() {
        ShellRun r = ShellRun.ps(host, "cmd /c exit 3; $?; $LASTEXITCODE; 'x' | Out-Null; $?;"
                + " Get-Service Nope -ErrorAction SilentlyContinue; $?");
        assertThat(r.stdout()).isEqualTo("False\r\n3\r\nTrue\r\nFalse\r\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void throwIsScriptTerminating() {
        ShellRun r = ShellRun.ps(host, "'before'; throw 'stop here'; 'never'");
        assertThat(r.stdout()).isEqualTo("before\r\n");
        assertThat(r.stderr()).contains("stop here");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void plainCmdLinesAndTheirErrors() {
        assertThat(ShellRun.cmd(host, "whoami").stdout()).isEqualTo("nvdental\\osiris-svc\r\n");
        ShellRun unknown = ShellRun.cmd(host, "frob.exe /x");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("'frob.exe' is not recognized as an internal or external command");
        ShellRun tooLong = ShellRun.cmd(host, "echo " + "y".repeat(8200));
        assertThat(tooLong.stderr()).isEqualTo("The command line is too long.\r\n");
        assertThat(ShellRun.cmd(host, "cmd /c \"echo a && echo b\"").stdout()).isEqualTo("a \r\nb\r\n");
    }

    @Test
    void defaultFormattingListsProperties() {
        ShellRun r = ShellRun.ps(host, "Get-NetFirewallProfile -Profile Domain | Select-Object Name, Enabled");
        assertThat(r.stdout()).isEqualTo("\r\nName    : Domain\r\nEnabled : True\r\n\r\n");
    }
}
