// SPDX-License-Identifier: MIT
/*
 * Console and leveled, timestamped logging (core/console.c, core/log.c).
 */
#ifndef VMPLAT_LOG_H
#define VMPLAT_LOG_H

#include <stdarg.h>
#include <vmplat/types.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* "[   1.234567] W: text\n" on the console when lvl <= the current level. */
void log_msg(enum log_level lvl, const char *fmt, ...) __printf(2, 3);
void log_vmsg(enum log_level lvl, const char *fmt, va_list ap);
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Raw console output, serialized across CPUs; "\n" becomes "\r\n". */
void console_write(const char *s, size_t n);
void console_printf(const char *fmt, ...) __printf(1, 2);
/* Extra console outputs (the framebuffer console): each gets every console_write
 * text as written ("\n" unconverted), under the console lock. 0 or -ENOSPC. */
#define CONSOLE_MAX_SINKS 4
int console_add_sink(void (*write)(const char *s, size_t n));
/* One byte from the console input, or -1 when none is waiting. */
int console_getc(void);
/*
 * Wait for console input without spinning: returns when input may be
 * waiting (the UART's receive interrupt, where it has one), on any other
 * interrupt, or after at most max_ns (this CPU's one-shot timer, which it
 * takes over), whichever comes first; at once when input is already there
 * or the CPU cannot sleep now. Consumes nothing: read with console_getc().
 */
void console_wait_input(uint64_t max_ns);

/* Arch hooks: the boot console (16550 / UEFI ConOut, PL011). */
void arch_console_write(const char *s, size_t n);
int arch_console_getc(void);
/*
 * With interrupts masked, before sleeping: 1 if input is waiting (or the
 * console cannot be waited on now), 0 if the receive interrupt is armed to
 * wake this CPU, -ENOSYS if input raises no interrupt (a timer must bound the
 * sleep).
 */
int arch_console_rx_arm(void);

/* Print, then power off with a failure status: broken invariant only. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#endif
