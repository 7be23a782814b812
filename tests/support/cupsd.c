/* cupsd: a private CUPS scheduler for tests (contract in cupsd.h). */
#include "cupsd.h"
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static void put_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fail_msg("cannot write %s: %s", path, strerror(errno));
    }
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

int test_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void test_cups_start(TestCups *c)
{
    const char *dir = c->dir, *log = c->log_dir;
    char path[1400], conf[16384];
    snprintf(path, sizeof path, "%s/etc/cups-files.conf", dir);
    snprintf(conf, sizeof conf,
             "ServerRoot %s/etc\nRequestRoot %s/spool\nTempDir %s/spool/tmp\n"
             "CacheDir %s/cache\nStateDir %s/state\nServerBin %s/bin\n"
             "AccessLog %s/access_log\nErrorLog %s/error_log\n"
             "PageLog %s/page_log\n",
             dir, dir, dir, dir, dir, dir, log, log, log);
    put_file(path, conf, 0644);
    snprintf(path, sizeof path, "%s/etc/cupsd.conf", dir);
    snprintf(conf, sizeof conf,
             "Listen %s/cups.sock\nListen 127.0.0.1:%d\nBrowsing No\nWebInterface No\n"
             "LogLevel debug\nJobRetryInterval 1\n"
             "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
             "<Policy default>\n  <Limit All>\n    Order deny,allow\n    Allow all\n"
             "  </Limit>\n</Policy>\n",
             dir, c->port);
    put_file(path, conf, 0644);

    c->pid = fork();
    assert_true(c->pid >= 0);
    if (c->pid == 0) {
        char cf[1400], sf[1400];
        snprintf(cf, sizeof cf, "%s/etc/cupsd.conf", dir);
        snprintf(sf, sizeof sf, "%s/etc/cups-files.conf", dir);
        execlp("cupsd", "cupsd", "-f", "-c", cf, "-s", sf, (char *)NULL);
        _exit(127);
    }
    /* Ready once lpstat can talk to it. */
    for (int i = 0; i < 100; i++) {
        if (test_sh("lpstat -r >/dev/null 2>&1") == 0) {
            return;
        }
        usleep(100 * 1000);
    }
    fail_msg("cupsd did not start (see %s/error_log)", log);
}

void test_cups_stop(TestCups *c)
{
    if (c->pid > 0) {
        kill(c->pid, SIGTERM);
        waitpid(c->pid, NULL, 0);
        c->pid = -1;
    }
}

int test_cups_teardown(void **state)
{
    test_cups_stop(*state);
    return 0;
}

/* A scheduler that has just started may answer lpstat before it takes admin requests: a
 * few tries, then the error is shown. */
void test_cups_add_queue(TestCups *c)
{
    for (int i = 0; i < 20; i++) {
        if (test_sh("lpadmin -p badge -v capture:%s -m raw -E 2>/dev/null", c->out_dir) == 0) {
            return;
        }
        usleep(200 * 1000);
    }
    assert_int_equal(test_sh("lpadmin -p badge -v capture:%s -m raw -E", c->out_dir), 0);
}

void test_cups_setup(TestCups *c)
{
    if (geteuid() != 0) {
        fail_msg("this test starts its own cupsd and needs root");
    }
    memset(c, 0, sizeof *c);
    c->pid = -1;
    const char *dir = c->dir;
    tmp_path_for_all(c->dir, sizeof c->dir, "cups");
    tmp_path(c->log_dir, sizeof c->log_dir, "cups-log");
    test_sh("rm -rf '%s' '%s'", dir, c->log_dir);
    test_sh("mkdir -p '%s'/etc/ppd '%s'/spool/tmp '%s'/cache '%s'/state '%s'/out "
            "'%s'/bin/backend '%s'",
            dir, dir, dir, dir, dir, dir, c->log_dir);
    snprintf(c->out_dir, sizeof c->out_dir, "%s/out", dir);
    chmod(c->out_dir, 0777);
    /* The distribution's filters and helpers, and our backend. */
    static const char *const parts[] = {"filter", "daemon", "cgi-bin", "monitor", "notifier"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        test_sh("[ -e /usr/lib/cups/%s ] && ln -sfn /usr/lib/cups/%s '%s/bin/%s'", parts[i],
                parts[i], dir, parts[i]);
    }
    char backend[1400];
    snprintf(backend, sizeof backend, "%s/bin/backend/capture", dir);
    put_file(backend,
             "#!/bin/sh\n"
             "# CUPS backend for tests: each job's file is kept in the URI's directory.\n"
             "if [ $# -eq 0 ]; then echo 'direct capture \"Unknown\" \"Capture\"'; exit 0; fi\n"
             "d=${DEVICE_URI#capture:}\n"
             "if [ $# -ge 6 ]; then cat \"$6\" > \"$d/job-$1.part\"; "
             "else cat > \"$d/job-$1.part\"; fi\n"
             "mv \"$d/job-$1.part\" \"$d/job-$1.pdf\"\n",
             0755);
    char sock[1400];
    snprintf(sock, sizeof sock, "%s/cups.sock", dir);
    setenv("CUPS_SERVER", sock, 1); /* libcups and lpadmin alike */
    c->port = 20000 + (int)(getpid() % 20000);
    test_cups_start(c);
    test_cups_add_queue(c);
}

int test_cups_captured(const TestCups *c)
{
    DIR *d = opendir(c->out_dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        n += strncmp(e->d_name, "job-", 4) == 0 && len > 4 &&
             strcmp(e->d_name + len - 4, ".pdf") == 0;
    }
    if (d) {
        closedir(d);
    }
    return n;
}
