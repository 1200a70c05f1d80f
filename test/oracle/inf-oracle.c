/*
 * inf-oracle: what the Setup API reads from INF files, as JSON lines.
 *
 * Built with mingw-w64 and run under Wine (or on Windows). For every file named on the command line, or listed one
 * per line in the file after "-l", it prints one JSON object on one line:
 *   {"file":F,"win4":E,"style":S,"error":E2,"errorLine":N,"sections":[{"name":N,"lines":[{"key":K,"fields":[...]}]}]}
 * win4: 0 when SetupOpenInfFileW(INF_STYLE_WIN4) opens the file, else the error code (errorLine its ErrorLine).
 * When WIN4 refuses the file for its style only (no valid [Version] signature), it is opened again with
 * INF_STYLE_OLDNT so that its contents can still be compared; "style" says which one opened it ("win4", "oldnt"
 * or null). key: SetupGetStringFieldW field 0, null when the API has none; fields: fields 1..SetupGetFieldCount,
 * both with %strkey% substituted by the API. Sections come from SetupEnumInfSectionsW, in its order.
 * Paths starting with "/" are taken as Unix paths (Wine's Z: drive).
 * See docs/inf-syntax.md ("Checked against the Setup API").
 */
#include <windows.h>
#include <setupapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <io.h>

static WCHAR *field_buf;
static DWORD field_cap = 70000;

#include "json-out.h"

/* Field `index` of the line, or FALSE when the API has none. */
static BOOL get_field(INFCONTEXT *ctx, DWORD index, DWORD *len)
{
    DWORD need = 0;
    if (SetupGetStringFieldW(ctx, index, field_buf, field_cap, &need)) { *len = need ? need - 1 : 0; return TRUE; }
    if (GetLastError() == ERROR_INSUFFICIENT_BUFFER && need > field_cap) {
        free(field_buf);
        field_cap = need + 16;
        field_buf = malloc(field_cap * sizeof(WCHAR));
        if (SetupGetStringFieldW(ctx, index, field_buf, field_cap, &need)) { *len = need ? need - 1 : 0; return TRUE; }
    }
    return FALSE;
}

static void dump_inf(HINF hinf)
{
    UINT index;
    WCHAR name[1024];
    printf(",\"sections\":[");
    for (index = 0;; index++) {
        UINT need = 0;
        LONG count, i;
        if (!SetupEnumInfSectionsW(hinf, index, name, 1024, &need)) break;
        if (index) putchar(',');
        printf("{\"name\":");
        put_cstr(name);
        printf(",\"lines\":[");
        count = SetupGetLineCountW(hinf, name);
        for (i = 0; i < count; i++) {
            INFCONTEXT ctx;
            DWORD n, f, len;
            if (i) putchar(',');
            if (!SetupGetLineByIndexW(hinf, name, (DWORD)i, &ctx)) { printf("null"); continue; }
            printf("{\"key\":");
            if (get_field(&ctx, 0, &len)) put_str(field_buf, len); else printf("null");
            printf(",\"fields\":[");
            n = SetupGetFieldCount(&ctx);
            for (f = 1; f <= n; f++) {
                if (f > 1) putchar(',');
                if (get_field(&ctx, f, &len)) put_str(field_buf, len); else printf("null");
            }
            printf("]}");
        }
        printf("]}");
    }
    printf("]");
}

static void do_file(const char *path)
{
    WCHAR wpath[4096];
    char buf[4096];
    UINT err_line = 0;
    DWORD err;
    HINF hinf;
    const char *style = "win4";
    size_t i;

    if (path[0] == '/') snprintf(buf, sizeof buf, "Z:%s", path); else snprintf(buf, sizeof buf, "%s", path);
    for (i = 0; buf[i]; i++) if (buf[i] == '/') buf[i] = '\\';
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, wpath, 4096);

    printf("{\"file\":");
    {
        WCHAR wfile[4096];
        MultiByteToWideChar(CP_UTF8, 0, path, -1, wfile, 4096);
        put_cstr(wfile);
    }
    SetLastError(0);
    hinf = SetupOpenInfFileW(wpath, NULL, INF_STYLE_WIN4, &err_line);
    err = hinf == INVALID_HANDLE_VALUE ? GetLastError() : 0;
    printf(",\"win4\":%lu,\"errorLine\":%u", (unsigned long)err, hinf == INVALID_HANDLE_VALUE ? err_line : 0);
    if (hinf == INVALID_HANDLE_VALUE && err == ERROR_WRONG_INF_STYLE) {
        style = "oldnt";
        hinf = SetupOpenInfFileW(wpath, NULL, INF_STYLE_OLDNT, &err_line);
    }
    if (hinf == INVALID_HANDLE_VALUE) {
        printf(",\"style\":null}\n");
        return;
    }
    printf(",\"style\":\"%s\"", style);
    dump_inf(hinf);
    SetupCloseInfFile(hinf);
    printf("}\n");
}

int main(int argc, char **argv)
{
    int i;
    _setmode(_fileno(stdout), _O_BINARY);
    field_buf = malloc(field_cap * sizeof(WCHAR));
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-l") && i + 1 < argc) {
            FILE *list = fopen(argv[++i], "rb");
            char line[4096];
            if (!list) { fprintf(stderr, "inf-oracle: cannot read the list %s\n", argv[i]); return 2; }
            while (fgets(line, sizeof line, list)) {
                size_t n = strlen(line);
                while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
                if (n) { do_file(line); fflush(stdout); }
            }
            fclose(list);
        } else do_file(argv[i]);
    }
    fflush(stdout);
    return 0;
}
