package com.silenttalk.automation.local.drill;

/** Text into the pages opsctl writes (the drill report, the status page): escaped, so a name can never become markup. */
public final class HtmlText {
    private HtmlText() {
    }

    public static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
