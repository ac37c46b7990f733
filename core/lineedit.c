// SPDX-License-Identifier: MIT
/*
 * Line editing for the serial shell (ECMA-48 / VT100 control sequences).
 * The whole line is redrawn after a change: "\r" prompt text ESC[K, then the
 * cursor is moved back with ESC[<n>D. Simple, and right on any terminal.
 */
#include <stdio.h>
#include <string.h>
#include <vmplat/lineedit.h>

#define KEY_CTRL(c) ((c)&0x1f)
#define KEY_ESC	    0x1b
#define KEY_DEL	    0x7f

enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_CSI_NUM };

static void out(struct lineedit *le, const char *s, size_t n)
{
	if (le->out && n)
		le->out(le->ctx, s, n);
}

static void outs(struct lineedit *le, const char *s)
{
	out(le, s, strlen(s));
}

static void redraw(struct lineedit *le)
{
	char tail[24];

	outs(le, "\r");
	outs(le, le->prompt ? le->prompt : "");
	out(le, le->buf, le->len);
	outs(le, "\x1b[K");
	if (le->len > le->pos) {
		snprintf(tail, sizeof(tail), "\x1b[%uD", (unsigned)(le->len - le->pos));
		outs(le, tail);
	}
}

void le_init(struct lineedit *le, void (*o)(void *, const char *, size_t),
	     const char *(*complete)(void *, const char *, size_t, unsigned), void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->out = o;
	le->complete = complete;
	le->ctx = ctx;
	le->hist_idx = -1;
}

void le_begin(struct lineedit *le, const char *prompt)
{
	le->prompt = prompt;
	le->len = le->pos = 0;
	le->buf[0] = '\0';
	le->hist_idx = -1;
	le->esc = ESC_NONE;
	outs(le, prompt ? prompt : "");
}

static void set_line(struct lineedit *le, const char *s)
{
	le->len = le->pos = strnlen(s, LE_LINE_MAX - 1);
	memcpy(le->buf, s, le->len);
	le->buf[le->len] = '\0';
	redraw(le);
}

static void insert(struct lineedit *le, const char *s, size_t n)
{
	bool at_end = le->pos == le->len;

	n = MIN(n, LE_LINE_MAX - 1 - le->len);
	if (!n)
		return;
	memmove(le->buf + le->pos + n, le->buf + le->pos, le->len - le->pos);
	memcpy(le->buf + le->pos, s, n);
	le->len += n;
	le->pos += n;
	le->buf[le->len] = '\0';
	/* Typing at the end is plain echo: the common case stays a clean transcript. */
	if (at_end)
		out(le, s, n);
	else
		redraw(le);
}

static void delete_at(struct lineedit *le, size_t at)
{
	bool last = at + 1 == le->len && le->pos == le->len;

	if (at >= le->len)
		return;
	memmove(le->buf + at, le->buf + at + 1, le->len - at - 1);
	le->len--;
	le->buf[le->len] = '\0';
	if (le->pos > at)
		le->pos--;
	if (last)
		outs(le, "\b \b");
	else
		redraw(le);
}

static const char *hist_get(const struct lineedit *le, unsigned i)
{
	return le->hist[(le->hist_head + LE_HISTORY - 1 - i) % LE_HISTORY];
}

static void hist_add(struct lineedit *le)
{
	if (!le->len || (le->hist_count && !strcmp(hist_get(le, 0), le->buf)))
		return;
	memcpy(le->hist[le->hist_head], le->buf, le->len + 1);
	le->hist_head = (le->hist_head + 1) % LE_HISTORY;
	if (le->hist_count < LE_HISTORY)
		le->hist_count++;
}

static void hist_move(struct lineedit *le, int dir)
{
	int idx = le->hist_idx + dir;

	if (idx < -1 || idx >= (int)le->hist_count)
		return;
	le->hist_idx = idx;
	set_line(le, idx < 0 ? "" : hist_get(le, (unsigned)idx));
}

/* Tab: complete the first word to the longest common prefix of the matches. */
static void complete(struct lineedit *le)
{
	const char *first, *m;
	size_t common, n = le->pos;
	unsigned count = 0;

	if (!le->complete || memchr(le->buf, ' ', le->pos))
		return;
	first = le->complete(le->ctx, le->buf, n, 0);
	if (!first)
		return;
	common = strlen(first);
	for (count = 1; (m = le->complete(le->ctx, le->buf, n, count)) && count < 256; count++) {
		size_t i = 0;

		while (i < common && m[i] == first[i])
			i++;
		common = i;
	}
	if (common > n) {
		insert(le, first + n, common - n);
	} else if (count == 1) {
		insert(le, " ", 1);
	} else {
		outs(le, "\r\n");
		for (unsigned i = 0; i < count; i++) {
			outs(le, le->complete(le->ctx, le->buf, n, i));
			outs(le, "  ");
		}
		outs(le, "\r\n");
		redraw(le);
	}
	if (count == 1 && common > n && le->pos == le->len)
		insert(le, " ", 1);
}

static void csi_final(struct lineedit *le, int c)
{
	switch (c) {
	case 'A':
		hist_move(le, 1);
		break;
	case 'B':
		hist_move(le, -1);
		break;
	case 'C':
		if (le->pos < le->len)
			le->pos++, redraw(le);
		break;
	case 'D':
		if (le->pos)
			le->pos--, redraw(le);
		break;
	case 'H':
		le->pos = 0, redraw(le);
		break;
	case 'F':
		le->pos = le->len, redraw(le);
		break;
	case '~':
		if (le->esc_arg == '3')
			delete_at(le, le->pos);
		break;
	default:
		break;
	}
}

/* ESC [ <digit>? <final>: returns true while the sequence goes on. */
static bool escape(struct lineedit *le, int c)
{
	switch (le->esc) {
	case ESC_SEEN:
		/* ESC [ and ESC O (SS3) start a sequence; ESC <other> (Alt-key) is dropped. */
		le->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
		return true;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			le->esc_arg = (char)c;
			le->esc = ESC_CSI_NUM;
			return true;
		}
		le->esc_arg = 0;
		/* fall through */
	case ESC_CSI_NUM:
		if (c >= '0' && c <= '9')
			return true; /* longer numbers: ignored */
		le->esc = ESC_NONE;
		csi_final(le, c);
		return true;
	default:
		return false;
	}
}

enum le_result le_feed(struct lineedit *le, int c)
{
	if (le->esc != ESC_NONE && escape(le, c))
		return LE_MORE;
	switch (c) {
	case '\r':
	case '\n':
		outs(le, "\r\n");
		le->buf[le->len] = '\0';
		hist_add(le);
		return LE_DONE;
	case KEY_ESC:
		le->esc = ESC_SEEN;
		break;
	case KEY_DEL:
	case '\b':
		if (le->pos)
			delete_at(le, le->pos - 1);
		break;
	case KEY_CTRL('a'):
		le->pos = 0, redraw(le);
		break;
	case KEY_CTRL('e'):
		le->pos = le->len, redraw(le);
		break;
	case KEY_CTRL('u'):
		set_line(le, "");
		break;
	case KEY_CTRL('c'):
		outs(le, "^C\r\n");
		le->len = le->pos = 0;
		le->buf[0] = '\0';
		return LE_CANCEL;
	case '\t':
		complete(le);
		break;
	default:
		if (c >= ' ' && c < KEY_DEL) {
			char ch = (char)c;

			insert(le, &ch, 1);
		}
		break;
	}
	return LE_MORE;
}
