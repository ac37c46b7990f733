// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the SMMUv3 event record decoder
 * (drivers/smmu/smmu_evt.c; SMMUv3 7.3): the input as a sequence of 32-byte
 * event queue records (what the SMMU wrote to memory). Each decoded field
 * stays within its spec width (StreamID 32 bits, SubstreamID 20 bits and
 * only with SSV, CLASS 2 bits, IPA/fetch addresses 4 KiB/8-byte granular
 * within 52 bits) and every id has a printable name.
 * Seeds: records of the events QEMU's SMMU raises (F_TRANSLATION,
 * C_BAD_STE, F_STE_FETCH, ...).
 *   build/fuzz/smmu_evt -max_total_time=60 build/fuzz/corpus-smmu_evt tests/fuzz/corpus/smmu_evt
 */
#include <string.h>
#include "fuzz.h"
#include "smmu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t off = 0; off + SMMU_EVT_BYTES <= size; off += SMMU_EVT_BYTES) {
		struct smmu_event e;
		const char *name;

		smmu_evt_decode(data + off, &e);
		name = smmu_evt_name(e.id);
		FUZZ_CHECK(name && strlen(name) < 64);
		FUZZ_CHECK(e.ssid < (1U << 20) && (e.ssv || !e.ssid));
		FUZZ_CHECK(e.klass < 4);
		FUZZ_CHECK(e.has_addr || (!e.addr && !e.ipa && !e.write));
		FUZZ_CHECK(e.ipa < (1ULL << 52) && e.fetch < (1ULL << 52));
	}
	return 0;
}
