// SPDX-License-Identifier: MIT
/*
 * Core classes (performance / efficiency) from recorded ID values, so the
 * tables are unit-tested on the host.
 *  x86: CPUID.07H:EDX[15] says the part is hybrid; CPUID.1AH:EAX[31:24] is
 *       the core type (Intel SDM vol. 2A, CPUID leaf 1AH): 0x20 Atom, 0x40 Core.
 *  Arm: MIDR_EL1 implementer [31:24] and part number [15:4] (Arm ARM D23.2)
 *       looked up in a table of big.LITTLE / DynamIQ parts.
 */
#include <vmplat/smp.h>

#define X86_CORE_TYPE	   GENMASK(31, 24)
#define X86_CORE_TYPE_ATOM 0x20
#define X86_CORE_TYPE_CORE 0x40

#define MIDR_IMPLEMENTER GENMASK(31, 24)
#define MIDR_PARTNUM	 GENMASK(15, 4)

#define IMPL_ARM      0x41
#define IMPL_QUALCOMM 0x51
#define IMPL_APPLE    0x61

enum cpu_class cpu_classify_x86(bool hybrid, uint32_t cpuid_1a_eax)
{
	if (!hybrid)
		return CPU_CLASS_PERF; /* all cores alike */
	switch (FIELD_GET(X86_CORE_TYPE, cpuid_1a_eax)) {
	case X86_CORE_TYPE_CORE:
		return CPU_CLASS_PERF;
	case X86_CORE_TYPE_ATOM:
		return CPU_CLASS_EFFICIENCY;
	default:
		return CPU_CLASS_UNKNOWN;
	}
}

struct midr_class {
	uint8_t impl;
	uint16_t part;
	uint8_t cls;
};

#define E(i, p) { i, p, CPU_CLASS_EFFICIENCY }
#define P(i, p) { i, p, CPU_CLASS_PERF }

static const struct midr_class midr_classes[] = {
	/* Arm little cores: Cortex-A35, A53, A55, A510, A520 */
	E(IMPL_ARM, 0xd04), E(IMPL_ARM, 0xd03), E(IMPL_ARM, 0xd05), E(IMPL_ARM, 0xd46),
	E(IMPL_ARM, 0xd80),
	/* Arm big cores: A57, A72, A73, A75, A76, A77, A78, A78C, X1, X1C, A710, X2, A715, X3,
	 * A720, X4, A725, X925 */
	P(IMPL_ARM, 0xd07), P(IMPL_ARM, 0xd08), P(IMPL_ARM, 0xd09), P(IMPL_ARM, 0xd0a),
	P(IMPL_ARM, 0xd0b), P(IMPL_ARM, 0xd0d), P(IMPL_ARM, 0xd41), P(IMPL_ARM, 0xd4b),
	P(IMPL_ARM, 0xd44), P(IMPL_ARM, 0xd4c), P(IMPL_ARM, 0xd47), P(IMPL_ARM, 0xd48),
	P(IMPL_ARM, 0xd4d), P(IMPL_ARM, 0xd4e), P(IMPL_ARM, 0xd81), P(IMPL_ARM, 0xd82),
	P(IMPL_ARM, 0xd87), P(IMPL_ARM, 0xd85),
	/* Qualcomm Kryo 2xx/3xx/4xx: Gold (big), Silver (little) */
	P(IMPL_QUALCOMM, 0x800), E(IMPL_QUALCOMM, 0x801), P(IMPL_QUALCOMM, 0x802),
	E(IMPL_QUALCOMM, 0x803), P(IMPL_QUALCOMM, 0x804), E(IMPL_QUALCOMM, 0x805),
	/* Apple M1 (Icestorm/Firestorm, Pro, Max), M2 (Blizzard/Avalanche, Pro, Max) */
	E(IMPL_APPLE, 0x022), P(IMPL_APPLE, 0x023), E(IMPL_APPLE, 0x024), P(IMPL_APPLE, 0x025),
	E(IMPL_APPLE, 0x028), P(IMPL_APPLE, 0x029), E(IMPL_APPLE, 0x032), P(IMPL_APPLE, 0x033),
	E(IMPL_APPLE, 0x034), P(IMPL_APPLE, 0x035), E(IMPL_APPLE, 0x038), P(IMPL_APPLE, 0x039),
};

#undef E
#undef P

enum cpu_class cpu_classify_arm(uint32_t midr)
{
	uint32_t impl = FIELD_GET(MIDR_IMPLEMENTER, midr), part = FIELD_GET(MIDR_PARTNUM, midr);

	for (size_t i = 0; i < ARRAY_SIZE(midr_classes); i++)
		if (midr_classes[i].impl == impl && midr_classes[i].part == part)
			return (enum cpu_class)midr_classes[i].cls;
	return CPU_CLASS_PERF; /* not a known little core: treat as a full core */
}

const char *cpu_class_name(enum cpu_class c)
{
	switch (c) {
	case CPU_CLASS_PERF:
		return "performance";
	case CPU_CLASS_EFFICIENCY:
		return "efficiency";
	default:
		return "unknown";
	}
}
