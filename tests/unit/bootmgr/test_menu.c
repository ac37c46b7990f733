// SPDX-License-Identifier: MIT
/*
 * boot/menu.c fed scripted keys against a fake clock: loader.conf timeout
 * counting down to the default (UAPI.1 loader.conf "timeout"), any key
 * stopping it, timeout 0, arrows (VT100 ESC [ A / ESC [ B) skipping the
 * hidden other-arch entry, digits, Enter on an entry that is not ready,
 * `e` editing the options (Enter boots, ^C cancels), `boot=<id>`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/boot.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>
#include "bootmgr_env.h"
#include "bootmgr_tests.h"

#define S(x)  ((uint64_t)((x)*NSEC_PER_SEC))
#define ESC   0x1b
#define COUNT (sizeof(keys) / sizeof(keys[0]))

static void run_menu(const struct env_key *keys, size_t n)
{
	env_reset(keys, n);
	env_scan();
	boot_menu_run();
	assert_true(env_out_has("boot: menu left, shell follows"));
}

void test_menu_timeout_boots_default(void **state)
{
	static const struct env_key keys[] = { { S(12), 'q' } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "good");
	/* Started at 1 s with timeout 5: booted once 5 s had passed, not before. */
	assert_true(env_boot.at_ns >= S(6) && env_boot.at_ns < S(6.1));
	for (int s = 5; s >= 1; s--) {
		char line[64];

		snprintf(line, sizeof(line), "\rbooting Good in %d s (any key stops) ", s);
		assert_int_equal(env_count(line), 1);
	}
	assert_false(env_out_has("in 0 s"));
	assert_true(env_out_has("boot: back to the menu"));
}

void test_menu_key_stops_countdown(void **state)
{
	static const struct env_key keys[] = { { S(2.5), 'x' }, { S(20), 'q' } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 0);
	assert_true(env_out_has("booting Good in 4 s"));
	assert_false(env_out_has("booting Good in 3 s"));
}

void test_menu_timeout_zero(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	env_scan();
	boot_config.conf.timeout_s = 0;
	boot_menu_run();
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "good");
	assert_int_equal(env_boot.at_ns, S(1)); /* no waiting at all */
	assert_false(env_out_has("booting Good in"));
}

void test_menu_arrows(void **state)
{
	/* good(1) -> big(2) -> nokernel(3; arm hidden between) -> big -> Enter */
	static const struct env_key keys[] = { { 0, ESC }, { 0, '[' }, { 0, 'B' }, { 0, ESC },
					       { 0, '[' }, { 0, 'B' }, { 0, ESC }, { 0, '[' },
					       { 0, 'A' }, { 0, '\r' } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "big");
	assert_true(env_boot.kernel_ok);
	assert_int_equal(env_boot.kernel_size, 3u << 20);
	assert_true(env_out_has(">  2. Big"));
	assert_true(env_out_has(">  3. No kernel"));
	assert_false(env_out_has("Arm")); /* other arch: never drawn */
	assert_true(env_out_has("3145728/3145728 bytes 100%"));
}

void test_menu_digit_not_ready(void **state)
{
	static const struct env_key keys[] = { { 0, '3' }, { 0, '\r' } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 0);
	assert_true(env_out_has(">  3. No kernel"));
	assert_true(env_out_has("boot: nokernel: not booting, missing file: kernel /k/missing"));
	assert_true(env_out_has("boot: back to the menu"));
}

void test_menu_edit(void **state)
{
	static const struct env_key keys[] = { { 0, 'e' }, { 0, ' ' },	{ 0, 'x' }, { 0, '=' },
					       { 0, '1' }, { 0, 0x7f }, { 0, '2' }, { 0, '\r' } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "good");
	assert_string_equal(env_boot.cmdline, "console=ttyS0 quiet x=2");
	assert_true(env_out_has("options: console=ttyS0 quiet"));
	/* for this boot only: the entry keeps its own options */
	assert_string_equal(env_entry("good")->options, "console=ttyS0 quiet");
}

void test_menu_edit_cancel(void **state)
{
	static const struct env_key keys[] = { { 0, 'e' }, { 0, 'z' }, { 0, 0x03 } };

	(void)state;
	run_menu(keys, COUNT);
	assert_int_equal(env_boot.calls, 0);
}

void test_boot_cmdline_entry(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	snprintf(platform.cmdline, sizeof(platform.cmdline), "console=x boot=big debug");
	boot_manager_start();
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "big");
	assert_int_equal(env_boot.at_ns, S(1));
	/* After a failed boot= the menu waits: no countdown. */
	assert_false(env_out_has("booting Good in"));
	assert_true(env_out_has("boot: 11 entries on vblk0"));
}

void test_boot_cmdline_unknown(void **state)
{
	static const struct env_key keys[] = { { S(12), 'q' } };

	(void)state;
	env_reset(keys, COUNT);
	snprintf(platform.cmdline, sizeof(platform.cmdline), "boot=nosuch");
	boot_manager_start();
	assert_true(env_out_has("boot: boot=nosuch: no such entry"));
	/* the countdown then boots the default */
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "good");
	assert_true(env_boot.at_ns >= S(6));
}
