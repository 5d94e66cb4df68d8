#ifndef NEWSD_CMALLOC_H
#define NEWSD_CMALLOC_H

/// The headroom, in bytes, that glibc's allocator was told to give each new malloc heap when the
/// process started (see malloc_tuning.c); 0 off glibc.
int newsd_malloc_top_pad(void);

#endif
