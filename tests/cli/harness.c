#include "harness.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

int failures;

double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int receive(int fd, char *buf, size_t cap, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) != 1) {
        return -1;
    }
    ssize_t n = recv(fd, buf, cap - 1, 0);
    if (n < 0) {
        return -1;
    }
    buf[n] = '\0';
    return (int)n;
}
