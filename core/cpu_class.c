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

#define EFF  CPU_CLASS_EFFICIENCY
#define PERF CPU_CLASS_PERF

static const struct midr_class midr_classes[] = {
	{ IMPL_ARM, 0xd04, EFF },	/* Cortex-A35 */
	{ IMPL_ARM, 0xd03, EFF },	/* Cortex-A53 */
	{ IMPL_ARM, 0xd05, EFF },	/* Cortex-A55 */
	{ IMPL_ARM, 0xd46, EFF },	/* Cortex-A510 */
	{ IMPL_ARM, 0xd80, EFF },	/* Cortex-A520 */
	{ IMPL_ARM, 0xd07, PERF },	/* Cortex-A57 */
	{ IMPL_ARM, 0xd08, PERF },	/* Cortex-A72 */
	{ IMPL_ARM, 0xd09, PERF },	/* Cortex-A73 */
	{ IMPL_ARM, 0xd0a, PERF },	/* Cortex-A75 */
	{ IMPL_ARM, 0xd0b, PERF },	/* Cortex-A76 */
	{ IMPL_ARM, 0xd0d, PERF },	/* Cortex-A77 */
	{ IMPL_ARM, 0xd41, PERF },	/* Cortex-A78 */
	{ IMPL_ARM, 0xd4b, PERF },	/* Cortex-A78C */
	{ IMPL_ARM, 0xd44, PERF },	/* Cortex-X1 */
	{ IMPL_ARM, 0xd4c, PERF },	/* Cortex-X1C */
	{ IMPL_ARM, 0xd47, PERF },	/* Cortex-A710 */
	{ IMPL_ARM, 0xd48, PERF },	/* Cortex-X2 */
	{ IMPL_ARM, 0xd4d, PERF },	/* Cortex-A715 */
	{ IMPL_ARM, 0xd4e, PERF },	/* Cortex-X3 */
	{ IMPL_ARM, 0xd81, PERF },	/* Cortex-A720 */
	{ IMPL_ARM, 0xd82, PERF },	/* Cortex-X4 */
	{ IMPL_ARM, 0xd87, PERF },	/* Cortex-A725 */
	{ IMPL_ARM, 0xd85, PERF },	/* Cortex-X925 */
	{ IMPL_QUALCOMM, 0x800, PERF }, /* Kryo 2xx Gold */
	{ IMPL_QUALCOMM, 0x801, EFF },	/* Kryo 2xx Silver */
	{ IMPL_QUALCOMM, 0x802, PERF }, /* Kryo 3xx Gold */
	{ IMPL_QUALCOMM, 0x803, EFF },	/* Kryo 3xx Silver */
	{ IMPL_QUALCOMM, 0x804, PERF }, /* Kryo 4xx Gold */
	{ IMPL_QUALCOMM, 0x805, EFF },	/* Kryo 4xx Silver */
	{ IMPL_APPLE, 0x022, EFF },	/* M1 Icestorm */
	{ IMPL_APPLE, 0x023, PERF },	/* M1 Firestorm */
	{ IMPL_APPLE, 0x024, EFF },	/* M1 Pro Icestorm */
	{ IMPL_APPLE, 0x025, PERF },	/* M1 Pro Firestorm */
	{ IMPL_APPLE, 0x028, EFF },	/* M1 Max Icestorm */
	{ IMPL_APPLE, 0x029, PERF },	/* M1 Max Firestorm */
	{ IMPL_APPLE, 0x032, EFF },	/* M2 Blizzard */
	{ IMPL_APPLE, 0x033, PERF },	/* M2 Avalanche */
	{ IMPL_APPLE, 0x034, EFF },	/* M2 Pro Blizzard */
	{ IMPL_APPLE, 0x035, PERF },	/* M2 Pro Avalanche */
	{ IMPL_APPLE, 0x038, EFF },	/* M2 Max Blizzard */
	{ IMPL_APPLE, 0x039, PERF },	/* M2 Max Avalanche */
};

#undef EFF
#undef PERF

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
