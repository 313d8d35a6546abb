#ifndef CHTTPSHIMS_H
#define CHTTPSHIMS_H

/* Linux APIs that the Swift Glibc module does not export: epoll, eventfd,
   accept4, the scheduler's CPU affinity mask and glibc's mallopt. */
#include <sys/epoll.h>
#include <sys/eventfd.h>

/* Makes glibc serve every allocation of `bytes` or more with a mapping of its own, returned to the
   system when freed (a fixed M_MMAP_THRESHOLD; glibc otherwise raises it after each such free), and
   trims the heap's free top past `trim` bytes. */
void chttp_return_large_allocations(int bytes, int trim);

/* Returns the heap's free memory to the system (malloc_trim). */
void chttp_trim_heap(void);

/* Number of CPUs this process may run on (respects taskset / cgroups cpusets). */
int chttp_cpu_count(void);

/* accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; returns the new fd or -1 (errno set). */
int chttp_accept(int fd);

#endif
