/*
 * Marks allocations that a library makes and never frees, so that
 * LeakSanitizer reports tvirt's leaks and not theirs.  Scoped to the one
 * call that leaks, on the calling thread; nothing without ASan.
 */
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define TV_LIBRARY_LEAKS_BEGIN() __lsan_disable()
#define TV_LIBRARY_LEAKS_END() __lsan_enable()
#else
#define TV_LIBRARY_LEAKS_BEGIN() ((void)0)
#define TV_LIBRARY_LEAKS_END() ((void)0)
#endif
