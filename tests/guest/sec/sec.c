// SPDX-License-Identifier: MIT
/*
 * The passthrough security guest: an EL1 program (MMU off, so every access
 * is Device memory; built like the test guest) that checks, one line each
 * on the emulated PL011, what a guest may and may not reach:
 *   - its virtual ECAM shows exactly the assigned edu, unassigned functions
 *     read all-ones and ignore writes, MSI is not in its capability list;
 *   - it sizes and places BAR0 itself and reads the edu id through it;
 *   - a DMA inside its RAM moves the seed pattern (checked here and by the
 *     hypervisor after SYSTEM_OFF);
 *   - a DMA to "bad=" (outside its RAM) is issued: the SMMU must block it
 *     (the hypervisor reports the fault and checks its canary);
 *   - reads/writes outside its RAM, an unmapped window address and BAR0
 *     after memory decode is off all get an abort injected.
 */
#include <stdint.h>
#include "sec_abi.h"

#define PSCI_SYSTEM_OFF	 0x84000008UL
#define SPIN_LIMIT	 50000000UL
#define EC_DABT_CUR	 0x25
#define CMD_MEM		 0x2
#define CMD_MASTER	 0x4
#define EDU_CMD_START	 0x1
#define EDU_CMD_TO_RAM	 0x2
#define DMA_TIMEOUT_S	 3
#define GICD		 0x08000000UL
#define GICR0		 0x080a0000UL
#define GICR_WAKER	 0x0014
#define GICD_CTLR_ARE_G1 0x12

void guest_main(uint64_t dtb);
void guest_secondary(uint64_t index);
uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr);
void guest_irq(void);
void guest_unexpected(void);

#define GUEST_IO_UART GUEST_UART
#define GUEST_IO_SPIN SPIN_LIMIT
#include "guest_io.h"

static volatile uint64_t last_esr, last_far, aborts;
static volatile uint32_t intx_seen, intx_other;
static unsigned failures;


static void result(int ok, const char *what)
{
	puts_(ok ? "guest: ok: " : "guest: FAIL: ");
	puts_(what);
	puts_("\n");
	failures += !ok;
}

static void psci_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
}

void guest_secondary(uint64_t index)
{
	(void)index;
}

uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr)
{
	last_esr = esr;
	last_far = far;
	aborts++;
	return elr + 4;
}

/* INTx of the edu: read its status, acknowledge at the device (drops the line), EOI. */
void guest_irq(void)
{
	uint64_t iar = MRS("S3_0_C12_C12_0"); /* ICC_IAR1_EL1 */

	if ((iar & 0xffffff) == SEC_INTX_INTID) {
		REG32(SEC_BAR0 + EDU_REG_INTR_ACK) = REG32(SEC_BAR0 + EDU_REG_INTR_STATUS);
		intx_seen++;
	} else {
		intx_other++;
	}
	MSR("S3_0_C12_C12_1", iar); /* ICC_EOIR1_EL1 */
}

void guest_unexpected(void)
{
	puts_("guest: unexpected exception, ESR ");
	puthex(MRS("esr_el1"));
	puts_("\n");
	psci_off();
}

static uint64_t ecam(unsigned dev, unsigned reg)
{
	return SEC_ECAM + ((uint64_t)dev << 15) + reg;
}

/* Enumerate bus 0: print each function, return the device number of the edu or -1. */
static int scan(void)
{
	int edu = -1;
	unsigned n = 0;

	for (unsigned dev = 0; dev < 32; dev++) {
		uint32_t id = REG32(ecam(dev, 0));

		if (id == 0xffffffffu)
			continue;
		n++;
		puts_("guest: pci 00:");
		putc_("0123456789abcdef"[dev >> 4]);
		putc_("0123456789abcdef"[dev & 0xf]);
		puts_(".0 vendor ");
		puthex(id & 0xffff);
		puts_(" device ");
		puthex(id >> 16);
		puts_(" class ");
		puthex(REG32(ecam(dev, 8)) >> 8);
		puts_("\n");
		if (id == 0x11e81234u)
			edu = (int)dev;
	}
	puts_("guest: pci scan found ");
	putdec(n);
	puts_(" function(s)\n");
	result(n == 1 && edu >= 0, "only the assigned edu is visible");
	return edu;
}

static void hidden_checks(unsigned dev)
{
	unsigned other = dev + 1;

	REG32(ecam(other, 4)) = CMD_MEM | CMD_MASTER;
	result(REG32(ecam(other, 0)) == 0xffffffffu && REG32(ecam(other, 4)) == 0xffffffffu,
	       "hidden function 00:01.0 reads all-ones after a write");
	result(REG32(ecam(dev, 0x100)) == 0, "no extended capabilities");
	result(!(REG32(ecam(dev, 4)) & (1u << 20)) && REG8(ecam(dev, 0x34)) == 0,
	       "MSI capability hidden (status CAP_LIST clear, pointer 0)");
}

static uint64_t bar0_setup(unsigned dev)
{
	uint32_t sz;

	REG32(ecam(dev, 0x10)) = 0xffffffffu;
	sz = ~(REG32(ecam(dev, 0x10)) & ~0xfu) + 1;
	puts_("guest: BAR0 size ");
	puthex(sz);
	puts_("\n");
	REG32(ecam(dev, 0x10)) = (uint32_t)SEC_BAR0;
	REG32(ecam(dev, 4)) = CMD_MEM | CMD_MASTER;
	return sz;
}

static int edu_wait(void)
{
	uint64_t f = MRS("cntfrq_el0"), t0 = MRS("cntvct_el0");

	while (REG32(SEC_BAR0 + EDU_REG_DMA_CMD) & EDU_CMD_START) {
		if (MRS("cntvct_el0") - t0 > DMA_TIMEOUT_S * f)
			return -1;
	}
	return 0;
}

static int edu_dma(uint64_t addr, int to_ram)
{
	REG64(SEC_BAR0 + EDU_REG_DMA_SRC) = to_ram ? EDU_DMA_BUF : addr;
	REG64(SEC_BAR0 + EDU_REG_DMA_DST) = to_ram ? addr : EDU_DMA_BUF;
	REG64(SEC_BAR0 + EDU_REG_DMA_CNT) = SEC_DMA_LEN;
	REG32(SEC_BAR0 + EDU_REG_DMA_CMD) = EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0);
	return edu_wait();
}

static void dma_checks(uint64_t seed, uint64_t bad)
{
	volatile uint8_t *src = (volatile uint8_t *)(uintptr_t)SEC_DMA_SRC;
	volatile uint8_t *dst = (volatile uint8_t *)(uintptr_t)SEC_DMA_DST;
	unsigned wrong = 0;

	for (unsigned i = 0; i < SEC_DMA_LEN; i++) {
		src[i] = sec_dma_byte(seed, i);
		dst[i] = 0;
	}
	if (edu_dma(SEC_DMA_SRC, 0) || edu_dma(SEC_DMA_DST, 1))
		result(0, "edu DMA did not complete");
	for (unsigned i = 0; i < SEC_DMA_LEN; i++)
		wrong += dst[i] != sec_dma_byte(seed, i);
	puts_("guest: DMA inside RAM ");
	puthex(SEC_DMA_SRC);
	puts_(" -> edu -> ");
	puthex(SEC_DMA_DST);
	puts_(": ");
	putdec(wrong);
	puts_(" of ");
	putdec(SEC_DMA_LEN);
	puts_(" bytes wrong\n");
	result(!wrong, "DMA inside RAM moved the seed pattern");
	puts_("guest: DMA write to ");
	puthex(bad);
	puts_(" (outside RAM) issued\n");
	result(!edu_dma(bad, 1), "out-of-RAM DMA finished on the device side");
	/* Let the hypervisor's shell CPU poll the SMMU event before we stop. */
	for (uint64_t t0 = MRS("cntvct_el0"), f = MRS("cntfrq_el0");
	     MRS("cntvct_el0") - t0 < f / 2;)
		;
}

/* Virtual GICv3: distributor with affinity routing, this vCPU's redistributor, ICC (ICV). */
static void gic_init(void)
{
	unsigned long i;

	REG32(GICD) = GICD_CTLR_ARE_G1;
	REG32(GICR0 + GICR_WAKER) = 0;
	for (i = 0; i < SPIN_LIMIT && (REG32(GICR0 + GICR_WAKER) & 4); i++)
		;
	REG32(GICD + 0x80 + 4 * (SEC_INTX_INTID / 32)) = ~0u; /* IGROUPR: Group 1 */
	REG8(GICD + 0x400 + SEC_INTX_INTID) = 0x80;	      /* IPRIORITYR */
	REG32(GICD + 0x6000 + 8 * SEC_INTX_INTID) = 0;	      /* IROUTER: vCPU 0 */
	REG32(GICD + 0x6004 + 8 * SEC_INTX_INTID) = 0;
	REG32(GICD + 0x100 + 4 * (SEC_INTX_INTID / 32)) = 1u
							  << (SEC_INTX_INTID % 32); /* ISENABLER */
	MSR("S3_0_C12_C12_5", 1);  /* ICC_SRE_EL1.SRE */
	MSR("S3_0_C4_C6_0", 0xff); /* ICC_PMR_EL1 */
	MSR("S3_0_C12_C12_7", 1);  /* ICC_IGRPEN1_EL1 */
	__asm__ volatile("isb");
}

/* Raise the edu's interrupt twice; each must arrive once on the INTx SPI. */
static void intx_checks(void)
{
	gic_init();
	for (uint32_t n = 1; n <= SEC_INTX_ROUNDS; n++) {
		REG32(SEC_BAR0 + EDU_REG_INTR_RAISE) = n;
		__asm__ volatile("msr daifclr, #2" ::: "memory");
		for (unsigned long i = 0; i < 100000 && intx_seen < n; i++)
			__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("msr daifset, #2" ::: "memory");
	}
	puts_("guest: INTx: ");
	putdec(intx_seen);
	puts_(" interrupt(s) on INTID ");
	putdec(SEC_INTX_INTID);
	puts_(", ");
	putdec(intx_other);
	puts_(" other\n");
	result(intx_seen == SEC_INTX_ROUNDS && !intx_other,
	       "edu INTx delivered as a virtual SPI, acknowledged at the device");
}

static void abort_check(const char *what, uint64_t addr, int is_write)
{
	uint64_t before = aborts;

	if (is_write)
		REG32(addr) = 0xdead;
	else
		(void)REG32(addr);
	puts_("guest: ");
	puts_(what);
	puts_(" ");
	puthex(addr);
	if (aborts == before + 1 && last_far == addr && (last_esr >> 26) == EC_DABT_CUR) {
		puts_(" aborted as expected\n");
	} else {
		puts_(" NOT aborted\n");
		failures++;
	}
}

void guest_main(uint64_t dtb)
{
	uint64_t seed = find_hex((const uint8_t *)(uintptr_t)dtb, "seed=");
	uint64_t bad = find_hex((const uint8_t *)(uintptr_t)dtb, "bad=");
	int dev;

	puts_("guest: sec hello, seed ");
	puthex(seed);
	puts_(" bad ");
	puthex(bad);
	puts_("\n");
	dev = scan();
	if (dev >= 0) {
		hidden_checks((unsigned)dev);
		bar0_setup((unsigned)dev);
		puts_("guest: edu id ");
		puthex(REG32(SEC_BAR0 + EDU_REG_ID));
		puts_(" via BAR0 at ");
		puthex(SEC_BAR0);
		puts_("\n");
		REG32(SEC_BAR0 + EDU_REG_LIVENESS) = 0x1234abcd;
		result(REG32(SEC_BAR0 + EDU_REG_ID) == EDU_ID_VALUE &&
			       REG32(SEC_BAR0 + EDU_REG_LIVENESS) == ~0x1234abcdu,
		       "edu registers through the virtual BAR");
		intx_checks();
		dma_checks(seed, bad);
		abort_check("read host RAM", SEC_HOST_RAM_IPA, 0);
		abort_check("write below RAM", GUEST_BAD_READ_IPA, 1);
		abort_check("read unmapped window", SEC_UNMAPPED_BAR, 0);
		REG32(ecam((unsigned)dev, 4)) = CMD_MASTER; /* memory decode off */
		abort_check("read BAR0 with decode off", SEC_BAR0, 0);
	}
	puts_("guest: sec done, ");
	putdec(failures);
	puts_(" failure(s)\n");
	psci_off();
}
