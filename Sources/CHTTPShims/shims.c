#define _GNU_SOURCE
#include <sched.h>
#include <sys/socket.h>
#include <malloc.h>
#include "CHTTPShims.h"

void chttp_trim_heap(void) {
    malloc_trim(0);
}

void chttp_return_large_allocations(int bytes, int trim) {
    mallopt(M_MMAP_THRESHOLD, bytes);
    mallopt(M_TRIM_THRESHOLD, trim);
}

int chttp_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return 1;
    }
    int count = CPU_COUNT(&set);
    return count > 0 ? count : 1;
}

int chttp_accept(int fd) {
    return accept4(fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
