/*
 * reg-oracle: what the Setup API writes to the registry for an INF's AddReg/DelReg, and where it puts a file list,
 * as JSON lines. Built with mingw-w64 and run under Wine (or on Windows); see docs/inf-syntax.md.
 *
 * Reads jobs, one per line, from the file after "-l" (fields separated by tabs):
 *   R <path> <section>[,<section>...]   apply the install sections in order with
 *                                       SetupInstallFromInfSectionW(SPINST_REGISTRY) to an empty scratch registry,
 *                                       then print every key under it:
 *       {"file":F,"sections":S,"ok":[1,0...],"keys":[{"key":"HKLM\\a\\b","values":[{"name":N,"type":T,"data":"hex"}]}]}
 *   T <path> <section>                  SetupGetTargetPathW for a file-list section (its [DestinationDirs] entry,
 *                                       else DefaultDestDir): {"file":F,"section":S,"target":P or null,"error":E}
 * The scratch registry: HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT and HKEY_USERS are redirected
 * with RegOverridePredefKey to subkeys of HKCU\Software\update-inf-reg-oracle (emptied before each R job), so an INF
 * writes to no real key and every job starts from nothing. Keys are printed with the root the INF named (HKLM,
 * HKCU, HKCR, HKU) and the path below it, in the order RegEnumKeyExW gives.
 */
#include <windows.h>
#include <setupapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <io.h>

static const WCHAR SCRATCH[] = L"Software\\update-inf-reg-oracle";
static const struct { HKEY root; const WCHAR *name; } ROOTS[] = {
    { HKEY_LOCAL_MACHINE, L"HKLM" }, { HKEY_CURRENT_USER, L"HKCU" }, { HKEY_CLASSES_ROOT, L"HKCR" }, { HKEY_USERS, L"HKU" },
};
#define NROOTS 4

#include "json-out.h"

static int first_key;

/* Prints the key `path` (as named for the INF) and everything under it. */
static void dump_key(HKEY key, WCHAR *path)
{
    DWORD i, n;
    size_t len = wcslen(path);
    WCHAR name[16384];
    static BYTE data[1 << 20];
    if (!first_key) putchar(',');
    first_key = 0;
    printf("{\"key\":");
    put_cstr(path);
    printf(",\"values\":[");
    for (i = 0;; i++) {
        DWORD nlen = 16384, type = 0, size = sizeof data, k;
        if (RegEnumValueW(key, i, name, &nlen, NULL, &type, data, &size) != ERROR_SUCCESS) break;
        if (i) putchar(',');
        printf("{\"name\":");
        put_str(name, nlen);
        printf(",\"type\":%lu,\"data\":\"", (unsigned long)type);
        for (k = 0; k < size; k++) printf("%02x", data[k]);
        printf("\"}");
    }
    printf("]}");
    for (n = 0;; n++) {
        DWORD nlen = 16384;
        HKEY sub;
        if (RegEnumKeyExW(key, n, name, &nlen, NULL, NULL, NULL, NULL) != ERROR_SUCCESS) break;
        if (RegOpenKeyExW(key, name, 0, KEY_READ, &sub) != ERROR_SUCCESS) continue;
        path[len] = '\\';
        wcscpy(path + len + 1, name);
        dump_key(sub, path);
        path[len] = 0;
        RegCloseKey(sub);
    }
}

static HINF hinf = INVALID_HANDLE_VALUE;
static char open_path[4096];

static HINF open_inf(const char *path)
{
    WCHAR wpath[4096];
    char buf[4096];
    size_t i;
    UINT err_line;
    if (hinf != INVALID_HANDLE_VALUE && !strcmp(open_path, path)) return hinf;
    if (hinf != INVALID_HANDLE_VALUE) SetupCloseInfFile(hinf);
    snprintf(open_path, sizeof open_path, "%s", path);
    if (path[0] == '/') snprintf(buf, sizeof buf, "Z:%s", path); else snprintf(buf, sizeof buf, "%s", path);
    for (i = 0; buf[i]; i++) if (buf[i] == '/') buf[i] = '\\';
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, wpath, 4096);
    hinf = SetupOpenInfFileW(wpath, NULL, INF_STYLE_WIN4, &err_line);
    if (hinf == INVALID_HANDLE_VALUE) hinf = SetupOpenInfFileW(wpath, NULL, INF_STYLE_OLDNT, &err_line);
    return hinf;
}

static void put_utf8(const char *s)
{
    WCHAR w[4096];
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, 4096);
    put_cstr(w);
}

static void do_registry(const char *path, char *sections)
{
    HKEY scratch, roots[NROOTS];
    int r;
    char *s, *save = NULL;
    HINF h = open_inf(path);
    printf("{\"file\":");
    put_utf8(path);
    printf(",\"sections\":");
    put_utf8(sections);
    RegDeleteTreeW(HKEY_CURRENT_USER, SCRATCH);
    RegCreateKeyW(HKEY_CURRENT_USER, SCRATCH, &scratch);
    for (r = 0; r < NROOTS; r++) {
        RegCreateKeyW(scratch, ROOTS[r].name, &roots[r]);
    }
    for (r = 0; r < NROOTS; r++) RegOverridePredefKey(ROOTS[r].root, roots[r]);
    printf(",\"ok\":[");
    for (s = strtok_r(sections, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
        WCHAR wsec[1024];
        BOOL ok;
        MultiByteToWideChar(CP_UTF8, 0, s, -1, wsec, 1024);
        ok = h != INVALID_HANDLE_VALUE && SetupInstallFromInfSectionW(NULL, h, wsec, SPINST_REGISTRY, NULL, NULL, 0, NULL, NULL, NULL, NULL);
        printf("%s%lu", s == sections ? "" : ",", ok ? 0ul : (unsigned long)GetLastError());
    }
    printf("]");
    for (r = 0; r < NROOTS; r++) RegOverridePredefKey(ROOTS[r].root, NULL);
    printf(",\"keys\":[");
    first_key = 1;
    for (r = 0; r < NROOTS; r++) {
        WCHAR p[32768];
        wcscpy(p, ROOTS[r].name);
        dump_key(roots[r], p);
        RegCloseKey(roots[r]);
    }
    RegCloseKey(scratch);
    printf("]}\n");
}

static void do_target(const char *path, const char *section)
{
    WCHAR wsec[1024], out[4096];
    DWORD need = 0;
    HINF h = open_inf(path);
    BOOL ok;
    MultiByteToWideChar(CP_UTF8, 0, section, -1, wsec, 1024);
    SetLastError(0);
    ok = h != INVALID_HANDLE_VALUE && SetupGetTargetPathW(h, NULL, wsec, out, 4096, &need);
    printf("{\"file\":");
    put_utf8(path);
    printf(",\"section\":");
    put_utf8(section);
    printf(",\"target\":");
    if (ok) put_cstr(out); else printf("null");
    printf(",\"error\":%lu}\n", ok ? 0ul : (unsigned long)GetLastError());
}

int main(int argc, char **argv)
{
    FILE *list;
    static char line[65536];
    _setmode(_fileno(stdout), _O_BINARY);
    if (argc != 3 || strcmp(argv[1], "-l")) { fprintf(stderr, "usage: reg-oracle -l jobs.txt\n"); return 2; }
    list = fopen(argv[2], "rb");
    if (!list) { fprintf(stderr, "reg-oracle: cannot read the list %s\n", argv[2]); return 2; }
    while (fgets(line, sizeof line, list)) {
        size_t n = strlen(line);
        char *path, *arg;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n < 4 || line[1] != '\t') continue;
        path = line + 2;
        arg = strchr(path, '\t');
        if (!arg) continue;
        *arg++ = 0;
        if (line[0] == 'R') do_registry(path, arg);
        else if (line[0] == 'T') do_target(path, arg);
        fflush(stdout);
    }
    fclose(list);
    return 0;
}
