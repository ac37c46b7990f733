// SPDX-License-Identifier: MIT
/*
 * Line editor: editing keys, VT100 escape sequences, history, completion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <vmplat/lineedit.h>

static const char *const names[] = { "help", "hotplug", "info", "iommu", "pci" };

static const char *complete(void *ctx, const char *prefix, size_t len, unsigned idx)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strncmp(names[i], prefix, len) && idx-- == 0)
			return names[i];
	}
	return NULL;
}

static char screen[4096];
static size_t screen_len;

static void out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (screen_len + n < sizeof(screen)) {
		memcpy(screen + screen_len, s, n);
		screen_len += n;
		screen[screen_len] = '\0';
	}
}

/* Feed a string; returns the result of the last byte. */
static enum le_result feed(struct lineedit *le, const char *s)
{
	enum le_result r = LE_MORE;

	for (; *s; s++)
		r = le_feed(le, (unsigned char)*s);
	return r;
}

static struct lineedit le;

static int setup(void **state)
{
	(void)state;
	screen_len = 0;
	le_init(&le, out, complete, NULL);
	le_begin(&le, "> ");
	return 0;
}

static void test_plain_line(void **state)
{
	(void)state;
	assert_int_equal(feed(&le, "pci list"), LE_MORE);
	assert_int_equal(feed(&le, "\r"), LE_DONE);
	assert_string_equal(le.buf, "pci list");
}

static void test_backspace_and_cursor_keys(void **state)
{
	(void)state;
	/* "pcx" <BS> "i" <left><left> "X" <Del: ESC[3~> -> "pXi"? no: delete under cursor */
	feed(&le, "pcx\x7f"
		  "i");
	assert_string_equal(le.buf, "pci");
	feed(&le, "\x1b[D\x1b[D"
		  "X");
	assert_string_equal(le.buf, "pXci");
	feed(&le, "\x1b[3~");
	assert_string_equal(le.buf, "pXi");
	feed(&le, "\x01"
		  "["
		  "\x05"
		  "]");
	assert_int_equal(feed(&le, "\n"), LE_DONE);
	assert_string_equal(le.buf, "[pXi]");
}

static void test_ctrl_u_and_ctrl_c(void **state)
{
	(void)state;
	feed(&le, "junk\x15ok");
	assert_string_equal(le.buf, "ok");
	assert_int_equal(feed(&le, "\x03"), LE_CANCEL);
	assert_int_equal(le.len, 0);
}

static void test_history_up_down(void **state)
{
	(void)state;
	feed(&le, "first\r");
	le_begin(&le, "> ");
	feed(&le, "second\r");
	le_begin(&le, "> ");
	feed(&le, "second\r"); /* repeated line is not stored twice */
	le_begin(&le, "> ");
	feed(&le, "\x1b[A");
	assert_string_equal(le.buf, "second");
	feed(&le, "\x1b[A");
	assert_string_equal(le.buf, "first");
	feed(&le, "\x1b[A"); /* no older entry: stays */
	assert_string_equal(le.buf, "first");
	feed(&le, "\x1b[B\x1b[B");
	assert_string_equal(le.buf, "");
}

static void test_history_ring_keeps_newest(void **state)
{
	char line[16];

	(void)state;
	for (int i = 0; i < LE_HISTORY + 5; i++) {
		snprintf(line, sizeof(line), "cmd%d\r", i);
		le_begin(&le, "> ");
		feed(&le, line);
	}
	assert_int_equal(le.hist_count, LE_HISTORY);
	le_begin(&le, "> ");
	for (int i = 0; i < LE_HISTORY + 3; i++)
		feed(&le, "\x1b[A");
	snprintf(line, sizeof(line), "cmd%d", 5); /* the oldest kept */
	assert_string_equal(le.buf, line);
}

static void test_tab_completes_unique_and_common_prefix(void **state)
{
	(void)state;
	feed(&le, "pc\t");
	assert_string_equal(le.buf, "pci ");
	le_begin(&le, "> ");
	feed(&le, "i\t"); /* info, iommu: nothing common beyond "i": lists both */
	assert_string_equal(le.buf, "i");
	assert_non_null(strstr(screen, "info  iommu"));
	le_begin(&le, "> ");
	feed(&le, "h\t"); /* help, hotplug share only "h" */
	assert_string_equal(le.buf, "h");
	feed(&le, "e\t");
	assert_string_equal(le.buf, "help ");
}

static void test_tab_after_first_word_does_nothing(void **state)
{
	(void)state;
	feed(&le, "pci li\t");
	assert_string_equal(le.buf, "pci li");
}

static void test_line_length_is_bounded(void **state)
{
	(void)state;
	for (int i = 0; i < 3 * LE_LINE_MAX; i++)
		le_feed(&le, 'x');
	assert_int_equal(le.len, LE_LINE_MAX - 1);
	assert_int_equal(feed(&le, "\r"), LE_DONE);
	assert_int_equal(strlen(le.buf), LE_LINE_MAX - 1);
}

/* Typing at the end of the line echoes plainly: a transcript stays readable. */
static void test_typing_at_end_is_plain_echo(void **state)
{
	(void)state;
	feed(&le, "pcx\x7fi\r");
	assert_string_equal(screen, "> pcx\b \bi\r\n");
}

static void test_unknown_escape_is_ignored(void **state)
{
	(void)state;
	feed(&le, "ab\x1b[99Zc\x1bxd");
	assert_string_equal(le.buf, "abcd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_plain_line, setup),
		cmocka_unit_test_setup(test_backspace_and_cursor_keys, setup),
		cmocka_unit_test_setup(test_ctrl_u_and_ctrl_c, setup),
		cmocka_unit_test_setup(test_history_up_down, setup),
		cmocka_unit_test_setup(test_history_ring_keeps_newest, setup),
		cmocka_unit_test_setup(test_tab_completes_unique_and_common_prefix, setup),
		cmocka_unit_test_setup(test_tab_after_first_word_does_nothing, setup),
		cmocka_unit_test_setup(test_line_length_is_bounded, setup),
		cmocka_unit_test_setup(test_typing_at_end_is_plain_echo, setup),
		cmocka_unit_test_setup(test_unknown_escape_is_ignored, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
