// SPDX-License-Identifier: MIT
/*
 * Stack protector and assert support for code built with them (Debian's
 * arm64 libfdt.a uses the stack protector).
 */
#include <vmplat/log.h>

uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbd94fda766ULL;

void __stack_chk_fail(void);
void __assert_func(const char *file, int line, const char *func, const char *expr);

void __stack_chk_fail(void)
{
	panic("stack protector: stack smashed");
}

void __assert_func(const char *file, int line, const char *func, const char *expr)
{
	panic("assertion \"%s\" failed: %s:%d (%s)", expr, file, line, func ? func : "?");
}
