// glibc's allocator, set before `main` for every newsd process.
//
// Every parsing thread allocates from its own arena: a heap reserved at 64 MB and made usable a page
// range at a time with `mprotect`, each time an allocation goes past what was made usable before. A
// heap is made usable with M_TOP_PAD bytes of headroom only when it is created, so the setting must be
// in place before the first thread allocates, which is why this runs as a constructor rather than from
// a command (set from `newsd ingest`'s `run`, it left 733 of the calls, on the threads already running).
// By default the heaps grew a few pages at a time: 7,774 `mprotect` calls in a BBC ingest. With 64 MB of
// headroom each heap is made usable whole when it is created: 20 calls; over 20 runs of each build in
// turn, wall time median 0.825 -> 0.805 s (mean -5 %) and system time -20 %. Memory becomes resident when
// it is touched, not when it is made usable: peak RSS at 100,000 files was 263 MiB in the suite (261
// before); what changes is that a heap keeps the pages it touched instead of handing its top back.

#include "CMalloc.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>

enum { top_pad_bytes = 64 << 20 };
static int top_pad = 0;

__attribute__((constructor)) static void newsd_malloc_setup(void) {
    if (mallopt(M_TOP_PAD, top_pad_bytes) == 1) top_pad = top_pad_bytes;
}

int newsd_malloc_top_pad(void) { return top_pad; }
#else
int newsd_malloc_top_pad(void) { return 0; }
#endif
