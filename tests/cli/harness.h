/* harness: what the tests that play systemd's part for `mingel run` share (watchdog.c,
 * no_display.c): a check that counts failures instead of stopping, the monotonic clock
 * and one datagram from the notification socket. Plain C, no cmocka: the tests drive a
 * child process and must carry on to kill it whatever fails. */
#ifndef MINGEL_TEST_CLI_HARNESS_H
#define MINGEL_TEST_CLI_HARNESS_H

#include <stddef.h>
#include <stdio.h>

/* How many CHECKs failed so far; main returns non-zero when any did. */
extern int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* CLOCK_MONOTONIC in ms. */
double now_ms(void);

/* Receives one datagram from fd into buf (NUL-terminated, at most cap - 1 bytes) within
 * timeout_ms. Returns its length, or -1 on timeout or error. */
int receive(int fd, char *buf, size_t cap, int timeout_ms);

#endif
