// SPDX-License-Identifier: MIT
/*
 * Application processor start-up (Intel SDM Vol. 3A, 8.4.4.1): the real
 * mode trampoline in two pages below 1 MiB, INIT-SIPI-SIPI, and the AP's
 * own set-up before smp_secondary_main(). Idle is hlt; arch_cpu_wake_all
 * sends a wake IPI and bumps a generation so no wake-up is lost.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "efi_glue.h"
#include "x86_64.h"

#define TRAMP_MAX_ADDR 0x9ffffULL
#define AP_STACK_PAGES 4
#define AP_ONLINE_NS   (2 * NSEC_PER_SEC)
#define ICR_INIT       0x4500 /* INIT, level assert */
#define ICR_SIPI       0x4600 /* start-up, vector = page number */
#define EFER_LME       BIT(8)
#define CR4_KEEP       (BIT(4) | BIT(5) | BIT(7) | BIT(9) | BIT(10)) /* PSE PAE PGE OSFXSR OSXMMEXCPT */

/* Data page offsets (trampoline.S D_*). */
enum {
	D_GDT = 0x00,
	D_GDTR = 0x20,
	D_CR3 = 0x28,
	D_ENTRY = 0x30,
	D_STACK = 0x38,
	D_CPU = 0x40,
	D_CR4 = 0x48,
	D_EFER = 0x50,
	D_FAR32 = 0x58,
	D_FAR64 = 0x60
};

extern const uint8_t x86_tramp_start[], x86_tramp_end[], x86_tramp_pm32[], x86_tramp_lm64[];
__noreturn void x86_ap_entry(struct cpu *c);

paddr_t x86_tramp_pa;
static bool tramp_ready;
static volatile uint32_t wake_gen;

EFI_STATUS x86_tramp_alloc(void)
{
	EFI_PHYSICAL_ADDRESS pa = TRAMP_MAX_ADDR;
	EFI_STATUS s;

	s = efi_st->BootServices->AllocatePages(AllocateMaxAddress, EfiLoaderData, X86_TRAMP_PAGES,
						&pa);
	if (s != EFI_SUCCESS)
		return s;
	x86_tramp_pa = pa;
	x86_memmap_carve(pa, X86_TRAMP_PAGES * PAGE_SIZE, MEM_RESERVED);
	return EFI_SUCCESS;
}

static uint64_t tramp_sym(const uint8_t *sym)
{
	return x86_tramp_pa + (uint64_t)(sym - x86_tramp_start);
}

/* Map the pages (code RX, data RW) in the platform map and fill them. */
int x86_tramp_setup(void)
{
	uint8_t *code = phys_to_virt(x86_tramp_pa), *data = code + PAGE_SIZE;
	size_t len = (size_t)(x86_tramp_end - x86_tramp_start);
	int ret;

	if (!x86_tramp_pa || len > PAGE_SIZE)
		return -ENODEV;
	ret = mm_map(x86_tramp_pa, x86_tramp_pa, 2 * PAGE_SIZE, MM_RW);
	if (ret == -EEXIST)
		ret = mm_protect(x86_tramp_pa, 2 * PAGE_SIZE, MM_RW);
	if (ret)
		return ret;
	memcpy(code, x86_tramp_start, len);
	memset(data, 0, PAGE_SIZE);
	le64_put(data + D_GDT + 0x08, 0x00cf9a000000ffffULL); /* code32 */
	le64_put(data + D_GDT + 0x10, 0x00cf92000000ffffULL); /* data32 */
	le64_put(data + D_GDT + 0x18, 0x00af9a000000ffffULL); /* code64 */
	data[D_GDTR] = 0x1f;
	le32_put(data + D_GDTR + 2, (uint32_t)(x86_tramp_pa + PAGE_SIZE + D_GDT));
	le32_put(data + D_FAR32, (uint32_t)tramp_sym(x86_tramp_pm32));
	data[D_FAR32 + 4] = 0x08;
	le32_put(data + D_FAR64, (uint32_t)tramp_sym(x86_tramp_lm64));
	data[D_FAR64 + 4] = 0x18;
	ret = mm_protect(x86_tramp_pa, PAGE_SIZE, MM_RX);
	tramp_ready = !ret;
	return ret;
}

static int tramp_fill(struct cpu *c)
{
	uint8_t *data = (uint8_t *)phys_to_virt(x86_tramp_pa) + PAGE_SIZE;
	paddr_t cr3 = x86_kernel_cr3();

	if (!tramp_ready || !cr3 || cr3 >= 4 * GiB) {
		log_err("smp: cannot start cpu %u: trampoline %s, cr3 %#llx (must be < 4 GiB)",
			c->id, tramp_ready ? "ready" : "missing", (unsigned long long)cr3);
		return -ENODEV;
	}
	if (!c->stack_top) {
		paddr_t pa = page_alloc(AP_STACK_PAGES);

		if (pa == INVALID_PADDR)
			return -ENOMEM;
		c->stack_top = (uint8_t *)phys_to_virt(pa) + AP_STACK_PAGES * PAGE_SIZE;
	}
	le64_put(data + D_CR3, cr3);
	le64_put(data + D_ENTRY, (uint64_t)(uintptr_t)x86_ap_entry);
	le64_put(data + D_STACK, ALIGN_DOWN((uint64_t)(uintptr_t)c->stack_top, 16));
	le64_put(data + D_CPU, (uint64_t)(uintptr_t)c);
	le64_put(data + D_CR4, read_cr4() & CR4_KEEP);
	le64_put(data + D_EFER, EFER_LME | EFER_NXE);
	mb();
	return 0;
}

int arch_cpu_start(struct cpu *c)
{
	uint32_t apic = (uint32_t)c->hwid, vec = (uint32_t)(x86_tramp_pa >> PAGE_SHIFT);
	uint64_t end;
	int ret = tramp_fill(c);

	if (ret)
		return ret;
	/* INIT, 10 ms, SIPI, 200 us, SIPI, 200 us (SDM 8.4.4.1). */
	ret = x86_lapic_send_ipi(apic, ICR_INIT);
	x86_lapic_wait_us(10000);
	for (int i = 0; i < 2 && !ret; i++) {
		ret = x86_lapic_send_ipi(apic, ICR_SIPI | vec);
		x86_lapic_wait_us(200);
		if (load_acquire(&c->online))
			break;
	}
	if (ret)
		return ret;
	end = timestamp_ns() + AP_ONLINE_NS;
	while (!load_acquire(&c->online)) {
		if (timestamp_ns() > end) {
			log_err("smp: cpu %u (apic %u) did not come online", c->id, apic);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

__noreturn void x86_ap_entry(struct cpu *c)
{
	x86_mmu_cpu_init();
	x86_gdt_init(c);
	x86_idt_load();
	x86_lapic_cpu_init(c);
	smp_secondary_main(c);
}

void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

void arch_cpu_idle(void)
{
	struct cpu *c = &cpus[arch_this_cpu()];
	unsigned long flags = arch_irq_save();
	uint32_t gen = load_acquire(&wake_gen);

	/* A wake since this CPU last idled: return so the caller re-checks. */
	if (gen == c->arch.wake_seen)
		__asm__ volatile("sti\n\thlt\n\tcli" ::: "memory"); /* sti;hlt: no window */
	c->arch.wake_seen = load_acquire(&wake_gen);
	arch_irq_restore(flags);
}

/*
 * HLT with IF clear sleeps through every maskable interrupt (Intel SDM Vol.
 * 2A, HLT): open IF for exactly the HLT. STI holds interrupts off until the
 * next instruction is done (Vol. 2B, STI), so one already pending wakes the
 * HLT instead of being taken before it; its handler runs, then CLI.
 */
void arch_cpu_wait_irq(void)
{
	__asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
}

void arch_cpu_wake_all(void)
{
	unsigned self = arch_this_cpu();

	__atomic_fetch_add(&wake_gen, 1, __ATOMIC_SEQ_CST);
	/* Unicast to online CPUs only: CPUs still parked by firmware are left alone. */
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != self && load_acquire(&cpus[i].online))
			x86_lapic_send_ipi((uint32_t)cpus[i].hwid, X86_VEC_WAKE);
}
