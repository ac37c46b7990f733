// SPDX-License-Identifier: MIT
/*
 * Serial-console shell. Commands register themselves with SHELL_CMD() and
 * are found through a link-time table (section vmplat_cmd).
 */
#ifndef VMPLAT_SHELL_H
#define VMPLAT_SHELL_H

#include <vmplat/types.h>

#define SHELL_MAX_ARGS 16

struct shell_cmd {
	const char *name;
	const char *help;
	int (*fn)(int argc, char **argv); /* 0 or -errno */
};

#define SHELL_CMD(n, helptext, func)                                               \
	static const struct shell_cmd shell_cmd_##n __used __section("vmplat_cmd") \
		__aligned(8) = { #n, helptext, func }

/* Run one command line ("cmd arg; cmd2"); returns the last command's result. */
int shell_exec(const char *line);
/*
 * Called between keystrokes while the prompt waits (e.g. the runtime's
 * hotplug and event polling): set with shell_set_idle_hook(runtime_poll).
 */
void shell_set_idle_hook(void (*fn)(void));
/*
 * Command files (core/shell_source.c): each line of a file on the first ISO
 * that has it goes through shell_exec; errors are printed and the next line
 * runs. Bounded in size, lines and nesting.
 */
int shell_source(const char *path);
int shell_source_text(const char *name, const char *text, size_t len);
void shell_runfile_start(void); /* runfile=<path> from the command line */
/* Commands from run="..." on the command line, then the interactive prompt. */
void shell_run(void);

#endif
