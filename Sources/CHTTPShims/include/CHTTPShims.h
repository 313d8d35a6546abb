#ifndef CHTTPSHIMS_H
#define CHTTPSHIMS_H

/* Linux APIs that the Swift Glibc module does not export: epoll, eventfd,
   accept4 and the scheduler's CPU affinity mask. */
#include <sys/epoll.h>
#include <sys/eventfd.h>

/* Number of CPUs this process may run on (respects taskset / cgroups cpusets). */
int chttp_cpu_count(void);

/* accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; returns the new fd or -1 (errno set). */
int chttp_accept(int fd);

#endif
