// SPDX-License-Identifier: MIT
/*
 * CPU identification for the boot report: MIDR_EL1 implementer and part
 * (Arm ARM D17.2.100; part numbers from each core's TRM) and a feature list
 * from ID_AA64ISAR0/ISAR1/PFR0/MMFR0/MMFR1 (D17.2.61-D17.2.75).
 */
#include <stdio.h>
#include <string.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/platform.h>

#define MIDR_IMPL(m)	     (((m) >> 24) & 0xff)
#define MIDR_PART(m)	     (((m) >> 4) & 0xfff)
#define ID_FIELD(reg, shift) (((reg) >> (shift)) & 0xf)

struct id_name {
	unsigned id;
	const char *name;
};

static const struct id_name implementers[] = {
	{ 0x41, "Arm" },       { 0x42, "Broadcom" }, { 0x43, "Cavium" }, { 0x46, "Fujitsu" },
	{ 0x48, "HiSilicon" }, { 0x4e, "NVIDIA" },   { 0x50, "APM" },	 { 0x51, "Qualcomm" },
	{ 0x61, "Apple" },     { 0xc0, "Ampere" },
};

static const struct id_name arm_parts[] = {
	{ 0xd03, "Cortex-A53" },  { 0xd04, "Cortex-A35" },  { 0xd05, "Cortex-A55" },
	{ 0xd07, "Cortex-A57" },  { 0xd08, "Cortex-A72" },  { 0xd09, "Cortex-A73" },
	{ 0xd0a, "Cortex-A75" },  { 0xd0b, "Cortex-A76" },  { 0xd0c, "Neoverse-N1" },
	{ 0xd0d, "Cortex-A77" },  { 0xd40, "Neoverse-V1" }, { 0xd41, "Cortex-A78" },
	{ 0xd44, "Cortex-X1" },	  { 0xd46, "Cortex-A510" }, { 0xd47, "Cortex-A710" },
	{ 0xd49, "Neoverse-N2" }, { 0xd4f, "Neoverse-V2" },
};

static const char *lookup(const struct id_name *t, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].id == id)
			return t[i].name;
	}
	return NULL;
}

static void feat(char *buf, size_t len, bool cond, const char *name)
{
	size_t used = strlen(buf);

	if (cond && used + strlen(name) + 2 < len)
		snprintf(buf + used, len - used, "%s%s", used ? " " : "", name);
}

static void features_fill(char *b, size_t n)
{
	uint64_t isar0 = read_sysreg(id_aa64isar0_el1), isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	static const unsigned pa_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned pa = (unsigned)ID_FIELD(mmfr0, 0);
	char tmp[16];

	b[0] = '\0';
	feat(b, n, ID_FIELD(isar0, 4) >= 1, "aes");
	feat(b, n, ID_FIELD(isar0, 4) >= 2, "pmull");
	feat(b, n, ID_FIELD(isar0, 8) >= 1, "sha1");
	feat(b, n, ID_FIELD(isar0, 12) >= 1, "sha2");
	feat(b, n, ID_FIELD(isar0, 12) >= 2, "sha512");
	feat(b, n, ID_FIELD(isar0, 16) >= 1, "crc32");
	feat(b, n, ID_FIELD(isar0, 20) >= 2, "atomics");
	feat(b, n, ID_FIELD(isar0, 28) >= 1, "rdm");
	feat(b, n, ID_FIELD(isar0, 32) >= 1, "sha3");
	feat(b, n, ID_FIELD(isar0, 44) >= 1, "dotprod");
	feat(b, n, ID_FIELD(isar0, 60) >= 1, "rng");
	feat(b, n, ID_FIELD(isar1, 0) >= 1, "dcpop");
	feat(b, n, ID_FIELD(isar1, 4) || ID_FIELD(isar1, 8), "pauth");
	feat(b, n, ID_FIELD(isar1, 12) >= 1, "jscvt");
	feat(b, n, ID_FIELD(isar1, 20) >= 1, "lrcpc");
	feat(b, n, ID_FIELD(isar1, 44) >= 1, "bf16");
	feat(b, n, ID_FIELD(isar1, 52) >= 1, "i8mm");
	feat(b, n, ID_FIELD(pfr0, 16) != 0xf, "fp");
	feat(b, n, ID_FIELD(pfr0, 20) != 0xf, "asimd");
	feat(b, n, ID_FIELD(pfr0, 24) >= 1, "gic-sysreg");
	feat(b, n, ID_FIELD(pfr0, 8) >= 1, "el2");
	feat(b, n, ID_FIELD(pfr0, 12) >= 1, "el3");
	feat(b, n, ID_FIELD(pfr0, 32) >= 1, "sve");
	feat(b, n, ID_FIELD(mmfr1, 8) >= 1, "vhe");
	snprintf(tmp, sizeof(tmp), "pa%u", pa < ARRAY_SIZE(pa_bits) ? pa_bits[pa] : 0);
	feat(b, n, true, tmp);
}

void arch_cpuinfo_fill(void)
{
	uint32_t midr = (uint32_t)read_sysreg(midr_el1);
	const char *impl = lookup(implementers, ARRAY_SIZE(implementers), MIDR_IMPL(midr));
	const char *part = MIDR_IMPL(midr) == 0x41 ?
				   lookup(arm_parts, ARRAY_SIZE(arm_parts), MIDR_PART(midr)) :
				   NULL;

	platform.cpu_id = midr;
	if (impl)
		snprintf(platform.cpu_vendor, sizeof(platform.cpu_vendor), "%s", impl);
	else
		snprintf(platform.cpu_vendor, sizeof(platform.cpu_vendor), "implementer %#x",
			 MIDR_IMPL(midr));
	if (part)
		snprintf(platform.cpu_model, sizeof(platform.cpu_model), "%s r%up%u", part,
			 (midr >> 20) & 0xf, midr & 0xf);
	else
		snprintf(platform.cpu_model, sizeof(platform.cpu_model), "part %#x",
			 MIDR_PART(midr));
	features_fill(platform.cpu_features, sizeof(platform.cpu_features));
}
