// CPU time, memory and open files of a process and its descendants, read from /proc: the
// figures least disturbed by other load on a shared machine.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <vector>

namespace wsgate::proc {

// The process and every descendant (nginx's master and workers).
std::vector<pid_t> process_tree(pid_t root);

// User plus system CPU seconds of the process tree (clock-tick resolution).
double cpu_seconds(pid_t root);

// Resident set size of the process tree, in KiB.
std::size_t rss_kib(pid_t root);

// The largest resident set each process of the tree has had (the kernel's
// high-water mark, so no peak between two samples is missed), summed, in KiB.
std::size_t peak_rss_kib(pid_t root);

// Open file descriptors of the process tree (entries of /proc/PID/fd).
std::size_t open_fds(pid_t root);

}  // namespace wsgate::proc
