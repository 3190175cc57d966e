/*
 * report_html.c - build/failover/index.html: one line per scenario, with
 * links to each run's files.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

void fo_write_index(const struct fo_summary *sums, int n, const char *path)
{
    FILE *f = fopen(path, "w");
    int passed = 0;

    if (!f)
        return;
    for (int i = 0; i < n; i++)
        passed += sums[i].parsed && sums[i].pass;
    fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
               "<title>IMS Guard failover tests</title>\n<style>\n"
               "body{font-family:DejaVu Sans,Verdana,sans-serif;margin:24px;color:#222}\n"
               "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px 8px;"
               "text-align:left;vertical-align:top}\n"
               "th{background:#eef1f5}.ok{color:#1d6b2f;font-weight:bold}"
               ".bad{color:#b00020;font-weight:bold}\n"
               "img{max-width:100%%;border:1px solid #ccd;margin:8px 0 24px}\n"
               "</style></head><body>\n<h1>IMS Guard: failover scenarios under Wine</h1>\n"
               "<p>%d passed, %d failed. Each scenario ran on its own simulated cluster "
               "(one Wine prefix per node, the real <code>imsguard.dll</code> in the project's "
               "Resource Monitor emulator, the failover policy in "
               "<code>tests/failover/src/policy.c</code>). "
               "<a href=\"junit.xml\">All results as JUnit XML</a>.</p>\n<table>\n"
               "<tr><th>scenario</th><th>what it shows</th><th>result</th><th>checks</th>"
               "<th>failover time</th><th>wall time</th><th>files</th></tr>\n",
            passed, n - passed);
    for (int i = 0; i < n; i++) {
        const struct fo_summary *s = &sums[i];
        fprintf(f, "<tr><td><a href=\"#");
        fo_xml_escape(f, s->name);
        fprintf(f, "\">");
        fo_xml_escape(f, s->name);
        fprintf(f, "</a></td><td>");
        fo_xml_escape(f, s->parsed ? s->title : s->error);
        if (!s->parsed) {
            fprintf(f, "</td><td class=\"bad\">REJECTED</td><td></td><td></td><td></td><td>"
                       "</td></tr>\n");
            continue;
        }
        fprintf(f, "</td><td class=\"%s\">%s</td><td>%d", s->pass ? "ok" : "bad",
                s->pass ? "PASS" : "FAIL", s->checks);
        if (s->failed)
            fprintf(f, " (%d failed)", s->failed);
        fprintf(f, "</td><td>");
        fo_xml_escape(f, s->failover);
        fprintf(f, "</td><td>%.1f s</td><td>", (double)s->wall_ms / 1000.0);
        fprintf(f, "<a href=\"%s/timeline.svg\">timeline</a> | "
                   "<a href=\"%s/cluster.log\">cluster.log</a> | "
                   "<a href=\"%s/junit.xml\">junit.xml</a> | "
                   "<a href=\"%s/events.txt\">events</a></td></tr>\n",
                s->dir, s->dir, s->dir, s->dir);
    }
    fprintf(f, "</table>\n");
    for (int i = 0; i < n; i++) {
        const struct fo_summary *s = &sums[i];
        if (!s->parsed)
            continue;
        fprintf(f, "<h2 id=\"");
        fo_xml_escape(f, s->name);
        fprintf(f, "\">");
        fo_xml_escape(f, s->name);
        fprintf(f, " <span class=\"%s\">%s</span></h2>\n<p>", s->pass ? "ok" : "bad",
                s->pass ? "PASS" : "FAIL");
        fo_xml_escape(f, s->title);
        fprintf(f, "</p>\n<a href=\"%s/timeline.svg\"><img src=\"%s/timeline.svg\" alt=\"timeline "
                   "of ", s->dir, s->dir);
        fo_xml_escape(f, s->name);
        fprintf(f, "\"></a>\n");
    }
    fprintf(f, "</body></html>\n");
    fclose(f);
}
