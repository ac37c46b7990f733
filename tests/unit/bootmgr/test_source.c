// SPDX-License-Identifier: MIT
/*
 * core/shell_source.c (`source <path>`, runfile=) over the test ISO: lines
 * through shell_exec (a fake recording them) in order, comments, blank
 * lines, CR and leading blanks dropped, a failing line reported and the
 * next one run, nesting bounded, missing and oversized files refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/shell.h>
#include <vmplat/platform.h>
#include "bootmgr_env.h"
#include "bootmgr_tests.h"


int shell_exec(const char *line);
void shell_runfile_start(void);

static char ran[64][64];
static unsigned nran;

/* The shell: records the line; "fail" fails, "source" recurses like the real one. */
int shell_exec(const char *line)
{
	if (nran < 64)
		snprintf(ran[nran++], sizeof(ran[0]), "%s", line);
	if (!strncmp(line, "fail", 4))
		return -ENOENT;
	if (!strncmp(line, "source ", 7))
		return shell_source(line + 7);
	return 0;
}

void test_source_lines(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	nran = 0;
	/* inner.txt sources itself: stopped at the nesting limit (4 deep) */
	assert_int_equal(shell_source("/cmds/run.txt"), -ELOOP);
	assert_string_equal(ran[0], "one a b");
	assert_string_equal(ran[1], "fail x");
	assert_string_equal(ran[2], "source /cmds/inner.txt");
	assert_string_equal(ran[3], "inner 1");
	assert_string_equal(ran[4], "source /cmds/inner.txt");
	/* run.txt and 3 levels of inner.txt (4 files deep), then "last" (no newline) */
	assert_string_equal(ran[nran - 1], "last");
	assert_int_equal(nran, 3 + 3 * 2 + 1);
	assert_true(env_out_has("source: /cmds/run.txt:4: error -2, continuing"));
	assert_true(env_out_has("source: /cmds/inner.txt: nested more than 4 deep"));
	assert_true(env_out_has("source: /cmds/run.txt: 4 commands, 2 failed"));
}

void test_source_refusals(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	nran = 0;
	assert_int_equal(shell_source("/cmds/nothere"), -ENOENT);
	assert_true(env_out_has("source: /cmds/nothere: no such file (-2)"));
	assert_int_equal(shell_source("/cmds"), -EISDIR);
	assert_int_equal(shell_source("/cmds/big.txt"), -EFBIG);
	assert_true(env_out_has("source: /cmds/big.txt: 70000 bytes, more than the 65536 allowed"));
	assert_int_equal(nran, 0);
}

void test_runfile_cmdline(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	nran = 0;
	shell_runfile_start(); /* no runfile=: nothing */
	assert_int_equal(nran, 0);
	snprintf(platform.cmdline, sizeof(platform.cmdline), "x runfile=/cmds/inner.txt y");
	shell_runfile_start();
	assert_string_equal(ran[0], "inner 1");
}
