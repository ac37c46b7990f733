// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the DMAR parser (drivers/iommu/dmar.c, VT-d 8.x):
 * the input as a table, and again with its header length field set to the
 * input length (so mutations get past the length match); every scope of a
 * parsed table is resolved through a bridge walk fed from the input.
 * Seed: QEMU 7.2's DMAR (tests/unit/dmar) and variants.
 *   build/fuzz/dmar -max_total_time=60 build/fuzz/corpus-dmar tests/fuzz/corpus/dmar
 */
#include <string.h>
#include "fuzz.h"
#include "dmar.h"

static struct dmar_info info;

struct walk {
	const uint8_t *d;
	size_t size, pos;
};

/* Secondary bus of a bridge: the next input byte, 0xff meaning "absent". */
static int secondary(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	struct walk *w = ctx;
	uint8_t v;

	(void)seg;
	(void)bus;
	(void)devfn;
	v = w->size ? w->d[w->pos++ % w->size] : 0;
	return v == 0xff ? -1 : v;
}

static void check(const uint8_t *t, size_t len)
{
	struct walk w = { t, len, 0 };
	uint16_t rid;

	if (dmar_parse(t, len, &info))
		return;
	FUZZ_CHECK(info.ndrhd <= DMAR_MAX_DRHD && info.nrmrr <= DMAR_MAX_RMRR);
	for (unsigned i = 0; i < info.ndrhd; i++) {
		const struct dmar_drhd *d = &info.drhd[i];

		FUZZ_CHECK(d->nscope <= DMAR_MAX_SCOPES && d->base && !(d->base & 0xfff));
		for (unsigned j = 0; j < d->nscope; j++) {
			FUZZ_CHECK(d->scope[j].npath <= DMAR_MAX_PATH);
			dmar_scope_resolve(&d->scope[j], d->segment, secondary, &w, &rid);
		}
	}
	for (unsigned i = 0; i < info.nrmrr; i++) {
		const struct dmar_rmrr *r = &info.rmrr[i];

		FUZZ_CHECK(r->nscope <= DMAR_MAX_SCOPES && r->base <= r->limit);
		for (unsigned j = 0; j < r->nscope; j++)
			dmar_scope_resolve(&r->scope[j], r->segment, secondary, &w, &rid);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *t;

	check(data, size);
	if (size < 8 || size > UINT32_MAX)
		return 0;
	t = malloc(size);
	if (!t)
		return 0;
	memcpy(t, data, size);
	le32_put(t + 4, (uint32_t)size);
	check(t, size);
	free(t);
	return 0;
}
