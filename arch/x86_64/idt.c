// SPDX-License-Identifier: MIT
/*
 * IDT (Intel SDM Vol. 3A, 6.14.1): 256 interrupt gates to the stubs in
 * vectors.S, shared by all CPUs. #DF, NMI and #MC use IST stacks.
 * Also masks the legacy 8259 PICs, which vmplat never uses.
 */
#include <arch/io.h>
#include <vmplat/types.h>

#include "x86_64.h"

#define IDT_ENTRIES 256
#define STUB_SIZE   16
#define GATE_INTR   0x8eULL /* P, DPL0, 64-bit interrupt gate */
#define SEL_CODE    0x08
#define VEC_NMI	    2
#define VEC_DF	    8
#define VEC_MC	    18
#define PIC1_DATA   0x21
#define PIC2_DATA   0xa1

extern const uint8_t x86_vector_stubs[];
static uint64_t idt[IDT_ENTRIES * 2] __aligned(16);

static void idt_set(unsigned vec, uint64_t handler, unsigned ist)
{
	idt[vec * 2] = (handler & 0xffff) | (uint64_t)SEL_CODE << 16 | (uint64_t)ist << 32 |
		       GATE_INTR << 40 | ((handler >> 16) & 0xffff) << 48;
	idt[vec * 2 + 1] = handler >> 32;
}

void x86_idt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)x86_vector_stubs;

	for (unsigned v = 0; v < IDT_ENTRIES; v++)
		idt_set(v, base + v * STUB_SIZE, 0);
	idt_set(VEC_DF, base + VEC_DF * STUB_SIZE, 1);
	idt_set(VEC_NMI, base + VEC_NMI * STUB_SIZE, 2);
	idt_set(VEC_MC, base + VEC_MC * STUB_SIZE, 3);
}

void x86_idt_load(void)
{
	struct __packed {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void x86_pic_mask(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}
