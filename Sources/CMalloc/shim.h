#ifndef TIEOUT_CMALLOC_SHIM_H
#define TIEOUT_CMALLOC_SHIM_H
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* glibc only: serve large blocks from the heap and keep freed memory for reuse (see
   TieoutCore's Allocator). M_MMAP_MAX and M_TRIM_THRESHOLD are negative macros Swift cannot
   import, hence C. Returns 0 where it does nothing. */
static inline int tieout_keep_freed_memory(void) {
#ifdef __GLIBC__
  return mallopt(M_MMAP_MAX, 0) && mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
#else
  return 0;
#endif
}
#endif
