// SPDX-License-Identifier: MIT
/*
 * Serial line editor for the shell (portable: host-tested). Understands
 * printable input, backspace/delete, ^A ^E ^U ^C, VT100 arrow keys (ESC [ A..D,
 * H, F, 3~) for cursor movement and history, and Tab completion of the first
 * word through a callback.
 */
#ifndef VMPLAT_LINEEDIT_H
#define VMPLAT_LINEEDIT_H

#include <vmplat/types.h>

#define LE_LINE_MAX 256
#define LE_HISTORY  16

struct lineedit {
	char buf[LE_LINE_MAX];
	size_t len, pos;
	const char *prompt;
	/* History ring: hist[(head - 1 - i) % LE_HISTORY] is the i-th most recent. */
	char hist[LE_HISTORY][LE_LINE_MAX];
	unsigned hist_count, hist_head;
	int hist_idx; /* -1: editing a new line */
	unsigned esc; /* escape-sequence state */
	char esc_arg;
	void (*out)(void *ctx, const char *s, size_t n);
	/* The idx-th command name starting with prefix (len bytes), or NULL. */
	const char *(*complete)(void *ctx, const char *prefix, size_t len, unsigned idx);
	void *ctx;
};

void le_init(struct lineedit *le, void (*out)(void *, const char *, size_t),
	     const char *(*complete)(void *, const char *, size_t, unsigned), void *ctx);
/* Start a new line: print the prompt. */
void le_begin(struct lineedit *le, const char *prompt);

enum le_result { LE_MORE, LE_DONE, LE_CANCEL };
/* Feed one input byte. LE_DONE: le->buf holds the NUL-terminated line. */
enum le_result le_feed(struct lineedit *le, int c);

#endif
