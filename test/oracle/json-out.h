/* JSON string output shared by the oracles (inf-oracle.c, reg-oracle.c): UTF-16 text written as a JSON string in
 * UTF-8, with quotes, backslashes, control characters and lone surrogates escaped. */
#ifndef UPDATE_INF_JSON_OUT_H
#define UPDATE_INF_JSON_OUT_H
#include <stdio.h>
#include <wchar.h>
#include <windows.h>

static void put_str(const WCHAR *s, DWORD len)
{
    DWORD i;
    putchar('"');
    for (i = 0; i < len; i++) {
        unsigned c = s[i];
        if (c == '"' || c == '\\') { putchar('\\'); putchar((int)c); }
        else if (c < 0x20 || c == 0x7f) printf("\\u%04x", c);
        else if (c < 0x80) putchar((int)c);
        else if (c >= 0xd800 && c <= 0xdfff) printf("\\u%04x", c);
        else if (c < 0x800) { putchar(0xc0 | (c >> 6)); putchar(0x80 | (c & 0x3f)); }
        else { putchar(0xe0 | (c >> 12)); putchar(0x80 | ((c >> 6) & 0x3f)); putchar(0x80 | (c & 0x3f)); }
    }
    putchar('"');
}

static void put_cstr(const WCHAR *s) { put_str(s, (DWORD)wcslen(s)); }

#endif
