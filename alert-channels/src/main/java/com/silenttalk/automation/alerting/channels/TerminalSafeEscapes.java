package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.silenttalk.automation.core.UntrustedText;

/**
 * JSON that a terminal or log viewer cannot be steered by: besides what JSON itself escapes, every
 * character {@link UntrustedText#unsafe} names (DEL, C1 controls, bidi overrides, line separators)
 * is written as {@code \\uXXXX}. The value a reader parses back is unchanged; only the raw line is safe.
 * Every JSON writer whose output quotes events or operator input uses it: the alert lines opsctl
 * prints, the Lambda functions' log lines and planned calls.
 */
public final class TerminalSafeEscapes extends CharacterEscapes {
    private static final int[] ASCII;

    static {
        ASCII = standardAsciiEscapesForJSON();
        ASCII[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch > 0x7f && ch <= 0xffff && UntrustedText.unsafe((char) ch) && !Character.isSurrogate((char) ch)
                ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
