// SPDX-License-Identifier: MIT
/*
 * The VM <-> section conversions of snapshot/hv/snap_state.c on a host-built
 * hv_vm: vCPU registers (q split into halves), the virtual timer moved by
 * the counter difference when armed and kept when not, vGIC state with list
 * registers marked for reload, PL011 registers; and which devices a
 * snapshot refuses.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../../snapshot/hv/snap_hv.h"
#include "../../../hv/passthrough.h"

extern const struct CMUnitTest state_tests[];
extern const size_t state_ntests;

/* Passthrough as snap_state.c sees it: stub_ndev functions (an edu, an NVMe). */
static unsigned stub_ndev;
static struct pci_dev stub_dev[2] = { { .vendor = 0x1234, .device = 0x11e8 },
				      { .vendor = 0x1b36, .device = 0x0010 } };

int hv_pt_view(const struct hv_vm *vm, struct hv_pt_view *out)
{
	(void)vm;
	memset(out, 0, sizeof(*out));
	if (!stub_ndev)
		return -ENOENT;
	out->ndev = stub_ndev;
	for (unsigned i = 0; i < stub_ndev; i++)
		out->dev[i] = &stub_dev[i];
	return 0;
}

static struct hv_vm *new_vm(void)
{
	struct hv_vm *vm = calloc(1, sizeof(*vm));

	vm->nvcpus = 2;
	vm->ram_ipa = 0x40000000;
	vm->ram_size = 16 << 20;
	vm->ndev = 3;
	vm->dev[0].name = "gicd";
	vm->dev[1].name = "gicr";
	vm->dev[2].name = "pl011";
	for (unsigned i = 0; i < 2; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
	}
	return vm;
}

static void test_vcpu_round_trip_and_virtual_count(void **state)
{
	struct hv_vm *a = new_vm(), *b = new_vm();
	struct snap_vcpu s;
	uint8_t buf[SNAP_VCPU_BYTES];
	struct hv_vcpu *v = &a->vcpu[1];

	(void)state;
	for (unsigned i = 0; i < 31; i++)
		v->ctx.x[i] = 0x1000 + i;
	v->ctx.pc = 0x40081234;
	v->ctx.q[7] = (__uint128_t)0xaaaabbbbccccddddULL << 64 | 0x1111222233334444ULL;
	v->ctx.sys[HV_VBAR_EL1] = 0x40080800;
	v->ctx.sys[HV_CNTV_CTL_EL0] = 1; /* enabled */
	v->ctx.sys[HV_CNTV_CVAL_EL0] = 5000;
	v->power = HV_CPU_ON;
	snap_vcpu_save(v, 4000, &s); /* armed 1000 ticks ahead */
	snap_vcpu_encode(&s, buf);
	assert_int_equal(snap_vcpu_decode(buf, sizeof(buf), &s), 0);
	snap_vcpu_load(&s, 90000, &b->vcpu[1]);
	assert_memory_equal(b->vcpu[1].ctx.x, v->ctx.x, sizeof(v->ctx.x));
	assert_true(b->vcpu[1].ctx.q[7] == v->ctx.q[7]);
	assert_int_equal(b->vcpu[1].ctx.pc, 0x40081234);
	assert_int_equal(b->vcpu[1].ctx.sys[HV_VBAR_EL1], 0x40080800);
	/* The virtual count resumes at 4000: offset 90000 - 4000, compare value kept, so the
	 * timer is still 1000 ticks ahead of the guest's count. */
	assert_int_equal(b->vcpu[1].ctx.sys[HV_CNTVOFF_EL2], 86000);
	assert_int_equal(b->vcpu[1].ctx.sys[HV_CNTV_CVAL_EL0], 5000);
	assert_int_equal(b->vcpu[1].power, HV_CPU_ON);
	/* Saved again from the restored VM 500 ticks later: its own count, 4500. */
	snap_vcpu_save(&b->vcpu[1], 90500, &s);
	assert_int_equal(s.cntvct, 4500);
	/* Restored on a host whose count is below the guest's (after a reboot): wraps. */
	snap_vcpu_load(&s, 100, &b->vcpu[1]);
	assert_int_equal(100 - b->vcpu[1].ctx.sys[HV_CNTVOFF_EL2], 4500);
	free(a);
	free(b);
}

static void test_vgic_and_uart_round_trip(void **state)
{
	struct hv_vm *a = new_vm(), *b = new_vm();
	static struct snap_vgic g, g2;
	static uint8_t buf[4096];
	struct snap_uart u;

	(void)state;
	a->gicd.ctlr = 0x12;
	a->gicd.spi[3] = (struct hv_virq){ 0xa0, VIRQ_ENABLED | VIRQ_PENDING, 1 };
	a->vcpu[0].priv[27] = (struct hv_virq){ 0x80, VIRQ_ENABLED | VIRQ_QUEUED, 0 };
	a->vcpu[0].lr_save[0] = 0x50a000000000001bULL;
	a->vcpu[0].ap1r0_save = 0x4;
	a->vcpu[1].ctx.sys[HV_ICH_VMCR_EL2] = 0xf0000003;
	a->uart.cr = 0x301;
	a->uart.tx_bytes = 77;
	snap_vgic_save(a, &g);
	snap_vgic_encode(&g, buf);
	assert_int_equal(snap_vgic_decode(buf, snap_vgic_bytes(2), &g2), 0);
	snap_vgic_load(&g2, b);
	assert_int_equal(b->gicd.ctlr, 0x12);
	assert_int_equal(b->gicd.spi[3].flags, VIRQ_ENABLED | VIRQ_PENDING);
	assert_int_equal(b->gicd.spi[3].route, 1);
	assert_int_equal(b->vcpu[0].priv[27].flags, VIRQ_ENABLED | VIRQ_QUEUED);
	assert_int_equal(b->vcpu[0].lr_save[0], 0x50a000000000001bULL);
	assert_int_equal(b->vcpu[0].ap1r0_save, 0x4);
	assert_true(b->vcpu[0].lr_load && b->vcpu[1].lr_load);
	assert_int_equal(b->vcpu[1].ctx.sys[HV_ICH_VMCR_EL2], 0xf0000003);
	/* Receive FIFO as a ring wrapping at its end: saved oldest first. */
	a->uart.rx_head = HV_VPL011_FIFO - 2;
	a->uart.rx_count = 4;
	a->uart.rx[HV_VPL011_FIFO - 2] = 'a';
	a->uart.rx[HV_VPL011_FIFO - 1] = 'b';
	a->uart.rx[0] = 'c';
	a->uart.rx[1] = '\r';
	a->uart.rx_timeout = true;
	snap_uart_save(&a->uart, &u);
	snap_uart_encode(&u, buf);
	memset(&u, 0, sizeof(u));
	assert_int_equal(snap_uart_decode(buf, SNAP_UART_BYTES, &u), 0);
	assert_int_equal(u.rx_count, 4);
	assert_memory_equal(u.rx, "abc\r", 4);
	snap_uart_load(&u, &b->uart);
	assert_int_equal(b->uart.cr, 0x301);
	assert_int_equal(b->uart.tx_bytes, 77);
	assert_int_equal(b->uart.rx_count, 4);
	assert_int_equal(b->uart.rx_head, 0);
	assert_memory_equal(b->uart.rx, "abc\r", 4);
	assert_true(b->uart.rx_timeout);
	/* A count past the FIFO or bytes after the count: malformed. */
	buf[32] = SNAP_UART_FIFO + 1;
	assert_int_equal(snap_uart_decode(buf, SNAP_UART_BYTES, &u), -EINVAL);
	buf[32] = 2;
	assert_int_equal(snap_uart_decode(buf, SNAP_UART_BYTES, &u), -EINVAL);
	free(a);
	free(b);
}

static void test_config_and_unsafe_devices(void **state)
{
	struct hv_vm *vm = new_vm();
	struct snap_config c;

	(void)state;
	assert_int_equal(snap_vm_config(vm, &c), 0);
	assert_int_equal(c.nvcpus, 2);
	assert_int_equal(c.ndevs, 3);
	assert_int_equal(c.dev[2], SNAP_DEV_PL011);
	vm->dev[vm->ndev++].name = "pci-ecam"; /* passthrough's virtual host bridge */
	stub_ndev = 0; /* a bridge without functions: not a VM passthrough built */
	assert_int_equal(snap_vm_config(vm, &c), -EPERM);
	stub_ndev = 2;
	assert_int_equal(snap_vm_config(vm, &c), 0);
	assert_int_equal(c.ndevs, 4);
	assert_int_equal(c.dev[3], SNAP_DEV_VPCI);
	assert_int_equal(c.npci, 2);
	assert_int_equal(c.pci_id[0], 0x123411e8);
	assert_int_equal(c.pci_id[1], 0x1b360010);
	stub_ndev = 0;
	vm->dev[3].name = "mystery";
	assert_int_equal(snap_vm_config(vm, &c), -EPERM);
	free(vm);
}

const struct CMUnitTest state_tests[] = {
	cmocka_unit_test(test_vcpu_round_trip_and_virtual_count),
	cmocka_unit_test(test_vgic_and_uart_round_trip),
	cmocka_unit_test(test_config_and_unsafe_devices),
};
const size_t state_ntests = ARRAY_SIZE(state_tests);
