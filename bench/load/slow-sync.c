/*
 * A slower disk for the benchmark (`--fsync-delay-us`): preloaded into the
 * Concord server process (LD_PRELOAD), it makes every fsync and fdatasync wait
 * SLOW_SYNC_US microseconds more after the real one, as on a machine whose
 * disk takes longer to make a commit durable. Compiled by the benchmark with cc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
static long delay_ns(void) {
  const char *v = getenv("SLOW_SYNC_US");
  return v ? atol(v) * 1000L : 0;
}
static void pause_sync(void) {
  long ns = delay_ns();
  if (ns <= 0) return;
  struct timespec t = { ns / 1000000000L, ns % 1000000000L };
  nanosleep(&t, 0);
}
int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  int r = real(fd); pause_sync(); return r;
}
int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  int r = real(fd); pause_sync(); return r;
}
