// SPDX-License-Identifier: MIT
/*
 * CPU identification for the platform report (Intel SDM Vol. 2A, CPUID):
 * vendor (leaf 0), signature (leaf 1 EAX), brand string (0x80000002-4),
 * and a readable feature list.
 */
#include <string.h>
#include <vmplat/platform.h>

#include "x86_64.h"

enum { EAX, EBX, ECX, EDX };

struct feature {
	uint32_t leaf;
	uint8_t reg, bit;
	const char *name;
};

static const struct feature features[] = {
	{ 1, EDX, 4, "tsc" },
	{ 1, EDX, 9, "apic" },
	{ 1, EDX, 12, "mtrr" },
	{ 1, EDX, 13, "pge" },
	{ 1, EDX, 16, "pat" },
	{ 1, EDX, 19, "clflush" },
	{ 1, EDX, 24, "fxsr" },
	{ 1, EDX, 25, "sse" },
	{ 1, EDX, 26, "sse2" },
	{ 1, EDX, 28, "ht" },
	{ 1, ECX, 0, "sse3" },
	{ 1, ECX, 1, "pclmulqdq" },
	{ 1, ECX, 5, "vmx" },
	{ 1, ECX, 9, "ssse3" },
	{ 1, ECX, 12, "fma" },
	{ 1, ECX, 13, "cx16" },
	{ 1, ECX, 17, "pcid" },
	{ 1, ECX, 19, "sse4_1" },
	{ 1, ECX, 20, "sse4_2" },
	{ 1, ECX, 21, "x2apic" },
	{ 1, ECX, 22, "movbe" },
	{ 1, ECX, 23, "popcnt" },
	{ 1, ECX, 24, "tsc-deadline" },
	{ 1, ECX, 25, "aes" },
	{ 1, ECX, 26, "xsave" },
	{ 1, ECX, 28, "avx" },
	{ 1, ECX, 29, "f16c" },
	{ 1, ECX, 30, "rdrand" },
	{ 1, ECX, 31, "hypervisor" },
	{ 7, EBX, 0, "fsgsbase" },
	{ 7, EBX, 3, "bmi1" },
	{ 7, EBX, 5, "avx2" },
	{ 7, EBX, 7, "smep" },
	{ 7, EBX, 8, "bmi2" },
	{ 7, EBX, 9, "erms" },
	{ 7, EBX, 10, "invpcid" },
	{ 7, EBX, 16, "avx512f" },
	{ 7, EBX, 18, "rdseed" },
	{ 7, EBX, 19, "adx" },
	{ 7, EBX, 20, "smap" },
	{ 7, EBX, 23, "clflushopt" },
	{ 7, EBX, 29, "sha" },
	{ 7, ECX, 2, "umip" },
	{ 7, ECX, 16, "la57" },
	{ 7, ECX, 22, "rdpid" },
	{ 7, EDX, 15, "hybrid" },
	{ 0x80000001, ECX, 0, "lahf" },
	{ 0x80000001, ECX, 5, "lzcnt" },
	{ 0x80000001, EDX, 11, "syscall" },
	{ 0x80000001, EDX, 20, "nx" },
	{ 0x80000001, EDX, 26, "1gb-pages" },
	{ 0x80000001, EDX, 27, "rdtscp" },
	{ 0x80000001, EDX, 29, "lm" },
	{ 0x80000007, EDX, 8, "invtsc" },
};

/* CPUID with the leaf checked against the maximum of its range (leaf 0 / 0x80000000). */
static void cpuid_checked(uint32_t leaf, uint32_t r[4])
{
	uint32_t max, b, c, d;

	x86_cpuid(leaf & 0x80000000, 0, &max, &b, &c, &d);
	if (leaf > max) {
		r[0] = r[1] = r[2] = r[3] = 0;
		return;
	}
	x86_cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
}

bool x86_cpu_has(uint32_t leaf, unsigned reg, unsigned bit)
{
	uint32_t r[4];

	cpuid_checked(leaf, r);
	return reg < 4 && (r[reg] >> bit) & 1;
}

uint32_t x86_boot_apic_id(void)
{
	uint32_t r[4];

	/* x2APIC id from leaf 0xB when present, else the 8-bit id in leaf 1. */
	cpuid_checked(0xb, r);
	if (r[EBX])
		return r[EDX];
	cpuid_checked(1, r);
	return r[EBX] >> 24;
}

static void brand_string(void)
{
	uint32_t r[12];
	char *m = platform.cpu_model, *s;

	cpuid_checked(0x80000002, r);
	if (!r[0]) {
		strcpy(m, "unknown");
		return;
	}
	cpuid_checked(0x80000003, r + 4);
	cpuid_checked(0x80000004, r + 8);
	memcpy(m, r, 48);
	m[48] = 0;
	for (s = m; *s == ' '; s++)
		;
	memmove(m, s, strlen(s) + 1);
}

static void feature_list(void)
{
	char *out = platform.cpu_features;
	size_t len = 0, cap = sizeof(platform.cpu_features);

	out[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(features); i++) {
		size_t n = strlen(features[i].name);

		if (!x86_cpu_has(features[i].leaf, features[i].reg, features[i].bit))
			continue;
		if (len + n + 2 > cap)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, features[i].name, n + 1);
		len += n;
	}
}

void x86_cpuinfo_init(void)
{
	uint32_t r[4];

	cpuid_checked(0, r);
	memcpy(platform.cpu_vendor, &r[EBX], 4);
	memcpy(platform.cpu_vendor + 4, &r[EDX], 4);
	memcpy(platform.cpu_vendor + 8, &r[ECX], 4);
	platform.cpu_vendor[12] = 0;
	cpuid_checked(1, r);
	platform.cpu_id = r[EAX];
	brand_string();
	feature_list();
}

void arch_cpu_set_class(struct cpu *c)
{
	uint32_t r[4];
	bool hybrid = x86_cpu_has(7, EDX, 15);

	/* Core type in CPUID.1AH:EAX[31:24] (Intel SDM Vol. 2A, CPUID leaf 1AH). */
	cpuid_checked(0x1a, r);
	c->cls = cpu_classify_x86(hybrid, r[EAX]);
}
