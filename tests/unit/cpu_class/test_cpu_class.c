// SPDX-License-Identifier: MIT
/*
 * Core classes from recorded ID values: CPUID.1AH:EAX of Intel hybrid parts
 * and MIDR_EL1 values of Arm, Qualcomm, Apple and QEMU CPUs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <vmplat/smp.h>

static void test_x86_non_hybrid_is_perf(void **state)
{
	(void)state;
	assert_int_equal(cpu_classify_x86(false, 0), CPU_CLASS_PERF);
	/* the core-type byte means nothing without the hybrid flag */
	assert_int_equal(cpu_classify_x86(false, 0x20000001), CPU_CLASS_PERF);
}

static void test_x86_alder_lake_cores(void **state)
{
	(void)state;
	/* i9-12900K: P-core (Golden Cove) and E-core (Gracemont), native model id 1 */
	assert_int_equal(cpu_classify_x86(true, 0x40000001), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_x86(true, 0x20000001), CPU_CLASS_EFFICIENCY);
	/* core type byte only: the native model id bits do not matter */
	assert_int_equal(cpu_classify_x86(true, 0x40ffffff), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_x86(true, 0x20000000), CPU_CLASS_EFFICIENCY);
	/* hybrid, but leaf 1AH reads zero or an unknown type */
	assert_int_equal(cpu_classify_x86(true, 0x00000000), CPU_CLASS_UNKNOWN);
	assert_int_equal(cpu_classify_x86(true, 0x10000001), CPU_CLASS_UNKNOWN);
}

static void test_arm_cortex_parts(void **state)
{
	static const struct {
		uint32_t midr;
		enum cpu_class cls;
	} c[] = {
		{ 0x410FD034, CPU_CLASS_EFFICIENCY }, /* Cortex-A53 r0p4 (Raspberry Pi 3) */
		{ 0x410FD030, CPU_CLASS_EFFICIENCY }, /* Cortex-A53 r0p0 */
		{ 0x412FD050, CPU_CLASS_EFFICIENCY }, /* Cortex-A55 r2p0 */
		{ 0x410FD461, CPU_CLASS_EFFICIENCY }, /* Cortex-A510 r0p1 */
		{ 0x410FD801, CPU_CLASS_EFFICIENCY }, /* Cortex-A520 r0p1 */
		{ 0x411FD070, CPU_CLASS_PERF },	      /* Cortex-A57 r1p0 */
		{ 0x410FD083, CPU_CLASS_PERF },	      /* Cortex-A72 r0p3 (Raspberry Pi 4) */
		{ 0x410FD092, CPU_CLASS_PERF },	      /* Cortex-A73 */
		{ 0x413FD0A1, CPU_CLASS_PERF },	      /* Cortex-A75 */
		{ 0x414FD0B0, CPU_CLASS_PERF },	      /* Cortex-A76 r4p0 (Raspberry Pi 5) */
		{ 0x411FD0D0, CPU_CLASS_PERF },	      /* Cortex-A77 */
		{ 0x411FD410, CPU_CLASS_PERF },	      /* Cortex-A78 */
		{ 0x411FD440, CPU_CLASS_PERF },	      /* Cortex-X1 */
		{ 0x412FD470, CPU_CLASS_PERF },	      /* Cortex-A710 */
		{ 0x412FD480, CPU_CLASS_PERF },	      /* Cortex-X2 */
		{ 0x411FD4D0, CPU_CLASS_PERF },	      /* Cortex-A715 */
		{ 0x411FD4E0, CPU_CLASS_PERF },	      /* Cortex-X3 */
		{ 0x410FD811, CPU_CLASS_PERF },	      /* Cortex-A720 */
		{ 0x410FD821, CPU_CLASS_PERF },	      /* Cortex-X4 */
		{ 0x413FD0C1, CPU_CLASS_PERF },	      /* Neoverse-N1: not big.LITTLE, default */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (cpu_classify_arm(c[i].midr) != c[i].cls)
			fail_msg("MIDR %#x: class %d, want %d", c[i].midr,
				 cpu_classify_arm(c[i].midr), c[i].cls);
}

static void test_arm_vendor_parts(void **state)
{
	(void)state;
	/* Qualcomm Kryo 4xx (Snapdragon 855): Gold 0x804, Silver 0x805 */
	assert_int_equal(cpu_classify_arm(0x517F804E), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_arm(0x517F805E), CPU_CLASS_EFFICIENCY);
	/* Kryo 3xx Silver (Snapdragon 845) */
	assert_int_equal(cpu_classify_arm(0x517F803C), CPU_CLASS_EFFICIENCY);
	/* Apple M1 Icestorm 0x022 / Firestorm 0x023, M2 Blizzard 0x032 / Avalanche 0x033 */
	assert_int_equal(cpu_classify_arm(0x611F0221), CPU_CLASS_EFFICIENCY);
	assert_int_equal(cpu_classify_arm(0x611F0231), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_arm(0x611F0321), CPU_CLASS_EFFICIENCY);
	assert_int_equal(cpu_classify_arm(0x611F0331), CPU_CLASS_PERF);
	/* same part number under another implementer is not that part */
	assert_int_equal(cpu_classify_arm(0x420FD034), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_arm(0x410F0221), CPU_CLASS_PERF);
}

static void test_arm_unknown_is_perf(void **state)
{
	(void)state;
	assert_int_equal(cpu_classify_arm(0x000F0510), CPU_CLASS_PERF); /* QEMU -cpu max */
	assert_int_equal(cpu_classify_arm(0), CPU_CLASS_PERF);
	assert_int_equal(cpu_classify_arm(0xFFFFFFFF), CPU_CLASS_PERF);
}

static void test_class_names(void **state)
{
	(void)state;
	assert_string_equal(cpu_class_name(CPU_CLASS_PERF), "performance");
	assert_string_equal(cpu_class_name(CPU_CLASS_EFFICIENCY), "efficiency");
	assert_string_equal(cpu_class_name(CPU_CLASS_UNKNOWN), "unknown");
	assert_string_equal(cpu_class_name((enum cpu_class)42), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_non_hybrid_is_perf),
		cmocka_unit_test(test_x86_alder_lake_cores),
		cmocka_unit_test(test_arm_cortex_parts),
		cmocka_unit_test(test_arm_vendor_parts),
		cmocka_unit_test(test_arm_unknown_is_perf),
		cmocka_unit_test(test_class_names),
	};
	return cmocka_run_group_tests_name("cpu_class", tests, NULL, NULL);
}
