/*
 * cluadmin_host.h - what the parts of cluadminhost.exe share (see
 * cluadmin_host.c for what the program does):
 *
 *   cluadmin_host.c   the command line, the cluster objects, the run
 *   cluadmin_dll.c    the resource DLL behind ClusterResourceControl,
 *                     hosted by the test bed's mini monitor
 *   cluadmin_data.c   the data object handed to the extensions, the sheet
 *                     callback they add pages through, the General page
 *   cluadmin_sheet.c  the extensions, and driving the sheet like a person
 */
#ifndef CLUADMIN_HOST_H
#define CLUADMIN_HOST_H

#include "cluadmin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "cluadmin_ids.h"

#define MAX_PAGES 16
#define MAX_EXTENSIONS 8

/* The cluster object the sheet is about. */
struct host_state {
    WCHAR resource_name[256];
    WCHAR type_name[256];
    WCHAR cluster_name[256];
    WCHAR description[256];
    HCLUSTER cluster;
    HRESOURCE resource;
    HICON icon;
};
struct host_state *host(void);

/* ------------------------------------------------ output (cluadmin_host.c) */
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* UTF-8 of a wide string, CR and LF and quotes escaped; rotating static buffers. */
const char *u8(const WCHAR *w);

/* ------------------------------------------------ the resource DLL (cluadmin_dll.c) */
/* Exported as ClusterResourceControl (cluadminhost.def). */
DWORD WINAPI host_resource_control(HRESOURCE resource, HNODE node, DWORD code, LPVOID in, DWORD in_size,
                                   LPVOID outbuf, DWORD out_size, LPDWORD returned);
/* Closes the resource if a control opened it. */
void host_dll_close(void);

/* ------------------------------------------------ the data object (cluadmin_data.c) */
void data_object_init(void);
IUnknown *data_object_unknown(void);
/* References the extensions still hold (0 when they released them all). */
LONG data_object_refs_left(void);
IWCPropertySheetCallback *sheet_callback(void);
/* The pages the extensions added through the callback. */
int callback_pages(HPROPSHEETPAGE *pages, int cap);
INT_PTR CALLBACK general_page_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp);

/* ------------------------------------------------ the sheet (cluadmin_sheet.c) */
/* The type's AdminExtensions, each created through COM; ERROR_NOT_FOUND
   when none could be. */
DWORD load_extensions(void);
/* Each extension's CreatePropertySheetPages; the number that failed. */
int extensions_add_pages(void);
void release_extensions(void);
void sheet_set(HWND sheet);
HWND sheet_get(void);
/* Pumps messages for ms milliseconds (0: what is queued). */
void pump(DWORD ms);
/* Runs the actions argv[first..]; returns the number that failed. */
int run_actions(int argc, WCHAR **argv, int first);
void usage(void);

#endif /* CLUADMIN_HOST_H */
