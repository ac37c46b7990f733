// SPDX-License-Identifier: MIT
/*
 * A small U-Boot-like console: line editing (backspace, ^U), commands from
 * a link-time table, `;`-separated command lists, run="..." from the
 * command line. Errors print a message and return to the prompt.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/lineedit.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/power.h>
#include <vmplat/shell.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#define SHELL_LINE_MAX LE_LINE_MAX
#define SHELL_PROMPT   "vmplat> "
/* Longest sleep between input checks: bounds the idle hook's period. */
#define SHELL_IDLE_NS  (5 * NSEC_PER_MSEC)

extern const struct shell_cmd __start_vmplat_cmd[], __stop_vmplat_cmd[];

static const struct shell_cmd *shell_find(const char *name)
{
	for (const struct shell_cmd *c = __start_vmplat_cmd; c < __stop_vmplat_cmd; c++) {
		if (!strcmp(c->name, name))
			return c;
	}
	return NULL;
}

static int split_args(char *s, char **argv)
{
	int argc = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return argc;
}

static int exec_one(char *cmdline)
{
	char *argv[SHELL_MAX_ARGS];
	const struct shell_cmd *c;
	int argc = split_args(cmdline, argv), rc;

	if (argc < 0) {
		console_printf("too many arguments (max %d)\n", SHELL_MAX_ARGS);
		return argc;
	}
	if (argc == 0)
		return 0;
	c = shell_find(argv[0]);
	if (!c) {
		console_printf("unknown command '%s' (try 'help')\n", argv[0]);
		return -ENOENT;
	}
	rc = c->fn(argc, argv);
	if (rc)
		console_printf("%s: error %d\n", argv[0], rc);
	return rc;
}

int shell_exec(const char *line)
{
	char buf[SHELL_LINE_MAX];
	char *cur = buf, *semi;
	int rc = 0;

	if (strlen(line) >= sizeof(buf)) {
		console_printf("command line too long (max %d)\n", SHELL_LINE_MAX - 1);
		return -E2BIG;
	}
	strcpy(buf, line);
	do {
		semi = strchr(cur, ';');
		if (semi)
			*semi = '\0';
		rc = exec_one(cur);
		cur = semi + 1;
	} while (semi);
	return rc;
}

static void shell_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Tab completion: the idx-th command whose name starts with prefix. */
static const char *shell_complete(void *ctx, const char *prefix, size_t len, unsigned idx)
{
	(void)ctx;
	for (const struct shell_cmd *c = __start_vmplat_cmd; c < __stop_vmplat_cmd; c++) {
		if (!strncmp(c->name, prefix, len) && idx-- == 0)
			return c->name;
	}
	return NULL;
}

static void (*idle_hook)(void);

void shell_set_idle_hook(void (*fn)(void))
{
	idle_hook = fn;
}

static struct lineedit shell_le;

/*
 * One edited line into shell_le.buf; runs the idle hook between keystrokes
 * and sleeps in console_wait_input rather than spinning on the UART.
 */
static bool read_line(void)
{
	le_begin(&shell_le, SHELL_PROMPT);
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			if (idle_hook)
				idle_hook();
			console_wait_input(SHELL_IDLE_NS);
			continue;
		}
		switch (le_feed(&shell_le, c)) {
		case LE_DONE:
			return true;
		case LE_CANCEL:
			return false;
		default:
			break;
		}
	}
}


void shell_run(void)
{
	char line[SHELL_LINE_MAX];

	if (!cmdline_get(platform.cmdline, "run", line, sizeof(line)))
		shell_exec(line);
	shell_runfile_start(); /* runfile=<path>: core/shell_source.c */
	le_init(&shell_le, shell_out, shell_complete, NULL);
	console_printf("vmplat shell: type 'help' for commands (Tab completes, arrows recall)\n");
	for (;;) {
		if (read_line())
			shell_exec(shell_le.buf);
	}
}

static int cmd_help(int argc, char **argv)
{
	const char *last = "";

	(void)argc;
	(void)argv;
	for (;;) {
		const struct shell_cmd *next = NULL;

		for (const struct shell_cmd *c = __start_vmplat_cmd; c < __stop_vmplat_cmd; c++) {
			if (strcmp(c->name, last) > 0 && (!next || strcmp(c->name, next->name) < 0))
				next = c;
		}
		if (!next)
			return 0;
		console_printf("  %-10s %s\n", next->name, next->help);
		last = next->name;
	}
}
SHELL_CMD(help, "list commands", cmd_help);

static int cmd_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	platform_report();
	return 0;
}
SHELL_CMD(info, "platform report", cmd_info);

/* Per-CPU time asleep (smp_idle_ns): the shell CPU's share shows it does not spin. */
static int cmd_idle(int argc, char **argv)
{
	uint64_t now = timestamp_ns();

	(void)argc;
	(void)argv;
	console_printf("idle: uptime_us=%llu\n", (unsigned long long)(now / NSEC_PER_USEC));
	for (unsigned i = 0; i < cpu_count; i++) {
		uint64_t idle = smp_idle_ns(i);

		console_printf("  cpu%-2u idle_us=%llu (%llu%% of uptime)%s\n", i,
			       (unsigned long long)(idle / NSEC_PER_USEC),
			       (unsigned long long)(now ? idle * 100 / now : 0),
			       i == smp_this_cpu() ? " shell" : "");
	}
	return 0;
}
SHELL_CMD(idle, "per-CPU time asleep waiting for interrupts", cmd_idle);

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	platform_exit(0);
}
SHELL_CMD(poweroff, "power the machine off", cmd_poweroff);

static int cmd_reset(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	arch_reset();
}
SHELL_CMD(reset, "reset the machine", cmd_reset);
