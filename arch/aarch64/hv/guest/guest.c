// SPDX-License-Identifier: MIT
/*
 * The built-in EL1 test guest. It runs with its MMU off (all data accesses
 * are Device memory: built with -mstrict-align) and checks, printing one
 * line each on the emulated PL011: PSCI VERSION, CPU_ON of vCPU 1 (which
 * prints and calls CPU_OFF), AFFINITY_INFO, GUEST_TIMER_TICKS virtual
 * timer interrupts through the virtual GICv3, the aborts injected for
 * accesses outside its RAM, the abort for an MMIO access without syndrome
 * (ldp), then fills the pattern page from its "seed=" and calls SYSTEM_OFF.
 */
#include <stdint.h>
#include "guest_abi.h"

#define GICD		   0x08000000UL
#define GICR0		   0x080a0000UL
#define GICR_WAKER	   0x0014
#define GICR_SGI	   0x10000
#define GICD_CTLR_ARE_G1   0x12
#define PSCI_VERSION	   0x84000000UL
#define PSCI_CPU_OFF	   0x84000002UL
#define PSCI_CPU_ON	   0xc4000003UL
#define PSCI_AFFINITY_INFO 0xc4000004UL
#define PSCI_SYSTEM_OFF	   0x84000008UL
#define VTIMER_INTID	   27
#define SPIN_LIMIT	   50000000UL
#define EC_DABT_CUR	   0x25

void guest_main(uint64_t dtb);
void guest_secondary(uint64_t index);
uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr);
void guest_irq(void);
void guest_unexpected(void);

#define GUEST_IO_UART GUEST_UART
#define GUEST_IO_SPIN SPIN_LIMIT
#include "guest_io.h"
void guest_secondary_entry(void);

static volatile uint32_t cpu1_seen;
static volatile uint32_t ticks;
static volatile uint64_t last_esr, last_far, aborts;
static uint64_t tick_cycles;


static uint64_t psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

void guest_secondary(uint64_t index)
{
	puts_("guest: cpu");
	putdec(index);
	puts_(" up, MPIDR ");
	puthex(MRS("mpidr_el1") & 0xffffff);
	puts_("\n");
	__asm__ volatile("dsb sy" ::: "memory");
	cpu1_seen = 1;
	psci(PSCI_CPU_OFF, 0, 0, 0);
	puts_("guest: CPU_OFF returned\n");
}

uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr)
{
	last_esr = esr;
	last_far = far;
	aborts++;
	return elr + 4; /* step over the access that aborted */
}

void guest_irq(void)
{
	uint64_t iar = MRS("S3_0_C12_C12_0"); /* ICC_IAR1_EL1 */

	if ((iar & 0xffffff) == VTIMER_INTID) {
		ticks++;
		if (ticks < GUEST_TIMER_TICKS)
			MSR("cntv_tval_el0", tick_cycles);
		else
			MSR("cntv_ctl_el0", 0);
	}
	MSR("S3_0_C12_C12_1", iar); /* ICC_EOIR1_EL1 */
}

void guest_unexpected(void)
{
	puts_("guest: unexpected exception, ESR ");
	puthex(MRS("esr_el1"));
	puts_("\n");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

static void start_cpu1(void)
{
	uint64_t r = psci(PSCI_CPU_ON, 1, (uint64_t)(uintptr_t)guest_secondary_entry, 1);
	unsigned long i;

	if (r) {
		puts_("guest: CPU_ON failed ");
		puthex(r);
		puts_("\n");
		return;
	}
	for (i = 0; i < SPIN_LIMIT && !cpu1_seen; i++)
		;
	for (i = 0; i < SPIN_LIMIT && psci(PSCI_AFFINITY_INFO, 1, 0, 0) != 1; i++)
		;
	puts_(cpu1_seen && i < SPIN_LIMIT ? "guest: cpu1 seen, now off (AFFINITY_INFO)\n" :
					    "guest: cpu1 did not come and go\n");
}

/* Virtual GICv3: distributor, this vCPU's redistributor, the ICC interface (ICV). */
static void timer_test(void)
{
	unsigned long i;

	REG32(GICD) = GICD_CTLR_ARE_G1;
	REG32(GICR0 + GICR_WAKER) = 0;
	for (i = 0; i < SPIN_LIMIT && (REG32(GICR0 + GICR_WAKER) & 4); i++)
		;
	REG32(GICR0 + GICR_SGI + 0x80) = ~0u;		      /* IGROUPR0: Group 1 */
	REG8(GICR0 + GICR_SGI + 0x400 + VTIMER_INTID) = 0x80; /* priority */
	REG32(GICR0 + GICR_SGI + 0x100) = 1u << VTIMER_INTID; /* ISENABLER0 */
	MSR("S3_0_C12_C12_5", 1);			      /* ICC_SRE_EL1.SRE */
	MSR("S3_0_C4_C6_0", 0xff);			      /* ICC_PMR_EL1 */
	MSR("S3_0_C12_C12_7", 1);			      /* ICC_IGRPEN1_EL1 */
	__asm__ volatile("isb");
	tick_cycles = MRS("cntfrq_el0") / 100; /* 10 ms */
	MSR("cntv_tval_el0", tick_cycles);
	MSR("cntv_ctl_el0", 1);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (i = 0; i < 100000 && ticks < GUEST_TIMER_TICKS; i++)
		__asm__ volatile("wfi" ::: "memory");
	__asm__ volatile("msr daifset, #2" ::: "memory");
	puts_("guest: timer ticks ");
	putdec(ticks);
	puts_(" (virtual timer, INTID 27)\n");
}

static void abort_check(const char *what, uint64_t addr, uint64_t before)
{
	int ok = aborts == before + 1 && last_far == addr && (last_esr >> 26) == EC_DABT_CUR;

	puts_("guest: ");
	puts_(what);
	puts_(" ");
	puthex(addr);
	puts_(ok ? " aborted as expected, ESR " : " NOT aborted correctly, ESR ");
	puthex(last_esr);
	puts_("\n");
}

static void abort_test(void)
{
	uint64_t before = aborts, v;

	v = REG32(GUEST_BAD_READ_IPA);
	(void)v;
	abort_check("read", GUEST_BAD_READ_IPA, before);
	before = aborts;
	REG32(GUEST_BAD_WRITE_IPA) = 0xdead;
	abort_check("write", GUEST_BAD_WRITE_IPA, before);
	before = aborts;
	/* A load pair has no instruction syndrome (ISV = 0): not emulable. */
	__asm__ volatile("ldp %w0, %w1, [%2]"
			 : "=&r"(v), "=&r"(v)
			 : "r"(GUEST_UART + UART_FR)
			 : "memory");
	abort_check("ldp", GUEST_UART + UART_FR, before);
}

void guest_main(uint64_t dtb)
{
	volatile uint64_t *pat = (volatile uint64_t *)(uintptr_t)GUEST_PATTERN_IPA;
	uint64_t seed;

	puts_("guest: hello from vCPU 0, DTB at ");
	puthex(dtb);
	puts_("\n");
	puts_("guest: PSCI version ");
	puthex(psci(PSCI_VERSION, 0, 0, 0));
	puts_("\n");
	start_cpu1();
	timer_test();
	abort_test();
	seed = find_hex((const uint8_t *)(uintptr_t)dtb, "seed=");
	for (unsigned i = 0; i < GUEST_PATTERN_WORDS; i++)
		pat[i] = guest_pattern_word(seed, i);
	puts_("guest: pattern written, seed ");
	puthex(seed);
	puts_("\nguest: SYSTEM_OFF\n");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	puts_("guest: SYSTEM_OFF returned\n");
}
