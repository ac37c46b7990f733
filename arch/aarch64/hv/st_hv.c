// SPDX-License-Identifier: MIT
/*
 * Hypervisor self-tests (selftest=hv): at EL2 the built-in test guest runs
 * with 2 vCPUs, is paused and resumed mid-run, and must power itself off;
 * the checks are what the hypervisor observed (exit counts by class, vtimer
 * expiries delivered, aborts injected, the pattern page in guest RAM, the
 * stage-2 and vGIC state it left behind). At EL1 `vm start` must refuse.
 */
#include <errno.h>
#include <string.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/selftest.h>
#include <vmplat/shell.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "../../../hv/testguest.h"
#include "hv_arch.h"

#define GUEST_TIMEOUT_NS (20 * NSEC_PER_SEC)

static uint64_t total_exits(const struct hv_stats *s)
{
	uint64_t n = 0;

	for (unsigned c = 0; c < HV_EXIT_N; c++)
		n += s->exits[c];
	return n;
}

SELFTEST(hv_el1_refuses)
{
	int rc;

	if (arch_at_el2 && irqchip_gic_version() != 2)
		return 0; /* covered by hv_test_guest; at EL2 a GICv2 must refuse too */
	rc = shell_exec("vm start test");
	ST_CHECK(rc == -ENODEV, "vm start at EL%u, GICv%u returned %d, want -ENODEV",
		 arch_at_el2 ? 2 : 1, irqchip_gic_version(), rc);
	ST_CHECK(hv_current_vm() == NULL, "a VM object exists without a usable EL2 and GICv3");
	return 0;
}

/* Paused: no vCPU enters the guest, so neither exits nor guest time move. */
static int check_paused(struct hv_vm *vm)
{
	struct hv_stats a, b;

	ST_CHECK(hv_vm_pause(vm) == 0, "pause refused in state %s", hv_vm_state_name(vm->state));
	mdelay(20);
	hv_vm_stats(vm, &a);
	mdelay(100);
	hv_vm_stats(vm, &b);
	ST_CHECK(total_exits(&a) == total_exits(&b) && a.guest_ns == b.guest_ns,
		 "paused VM ran: exits %llu -> %llu, guest ns %llu -> %llu",
		 (unsigned long long)total_exits(&a), (unsigned long long)total_exits(&b),
		 (unsigned long long)a.guest_ns, (unsigned long long)b.guest_ns);
	ST_CHECK(hv_vm_resume(vm) == 0, "resume refused");
	return 0;
}

static void count_call(void *arg)
{
	__atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST);
}

static void read_el2_state(void *arg)
{
	uint64_t *r = arg;

	r[0] = read_sysreg(vttbr_el2);
	r[1] = read_sysreg(hcr_el2);
}

static int check_guest_facts(struct hv_vm *vm)
{
	struct hv_stats s;

	hv_vm_stats(vm, &s);
	ST_CHECK(vm->exit_reason == HV_PSCI_SYSTEM_OFF, "VM ended with %d, not SYSTEM_OFF",
		 vm->exit_reason);
	ST_CHECK(hv_test_result.done && hv_test_result.mismatches == 0,
		 "pattern page: %u of 512 words differ from seed %#llx", hv_test_result.mismatches,
		 (unsigned long long)hv_test_result.seed);
	/* VERSION, CPU_ON, CPU_OFF, >= 1 AFFINITY_INFO, SYSTEM_OFF: all HVC. */
	ST_CHECK(s.exits[HV_EXIT_HVC] >= 5, "%llu HVC exits",
		 (unsigned long long)s.exits[HV_EXIT_HVC]);
	ST_CHECK(s.exits[HV_EXIT_ABORT] == 2 && s.aborts_injected == 3,
		 "aborts: %llu outside RAM, %llu injected (want 2 and 3 with the ldp)",
		 (unsigned long long)s.exits[HV_EXIT_ABORT], (unsigned long long)s.aborts_injected);
	ST_CHECK(s.vtimer_ticks >= 5 && s.virqs >= 5, "vtimer expiries %llu, virqs %llu",
		 (unsigned long long)s.vtimer_ticks, (unsigned long long)s.virqs);
	ST_CHECK(s.exits[HV_EXIT_MMIO] > vm->uart.tx_bytes, "MMIO exits %llu <= UART bytes %llu",
		 (unsigned long long)s.exits[HV_EXIT_MMIO], (unsigned long long)vm->uart.tx_bytes);
	ST_CHECK(strstr(vm->uart.transcript, "guest: timer ticks 5") &&
			 strstr(vm->uart.transcript, "guest: cpu1 up"),
		 "guest output incomplete: %.200s", vm->uart.transcript);
	ST_CHECK(vm->vcpu[1].power == HV_CPU_OFF && vm->vcpu[1].stats.exits[HV_EXIT_HVC] >= 1,
		 "vCPU 1 never ran or is not off after CPU_OFF");
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		uint64_t regs[2] = { ~0ULL, ~0ULL };

		smp_run_on(vm->vcpu[i].pcpu, read_el2_state, regs, NSEC_PER_SEC);
		ST_CHECK(regs[0] == 0 && !(regs[1] & HCR_VM),
			 "cpu%u after the VM: VTTBR_EL2 %#llx, HCR_EL2 %#llx (stage 2 left on)",
			 vm->vcpu[i].pcpu, (unsigned long long)regs[0],
			 (unsigned long long)regs[1]);
	}
	return 0;
}

SELFTEST(hv_test_guest)
{
	struct hv_vm *vm;
	int rc;

	if (!arch_at_el2 || irqchip_gic_version() == 2)
		return 0; /* hv_el1_refuses checks the refusal */
	rc = shell_exec("vm start test");
	vm = hv_current_vm();
	ST_CHECK(rc == 0 && vm, "vm start test: %d", rc);
	rc = check_paused(vm);
	if (rc) {
		hv_vm_stop(vm);
		return rc;
	}
	rc = hv_vm_wait_stopped(vm, GUEST_TIMEOUT_NS);
	if (rc)
		hv_vm_stop(vm);
	ST_CHECK(rc == 0, "guest did not power off within 20 s (state %s)",
		 hv_vm_state_name(vm->state));
	rc = check_guest_facts(vm);
	if (rc)
		return rc;
	/* The shell side still works and a second run starts from scratch. */
	rc = shell_exec("vm start test");
	ST_CHECK(rc == 0, "second vm start: %d", rc);
	vm = hv_current_vm();
	rc = hv_vm_wait_stopped(vm, GUEST_TIMEOUT_NS);
	ST_CHECK(rc == 0 && hv_test_result.mismatches == 0, "second run: %d, %u words wrong", rc,
		 hv_test_result.mismatches);
	return 0;
}

/* `vm stop` on a paused guest: the vCPU threads leave and their CPUs take calls again. */
SELFTEST(hv_stop_paused)
{
	struct hv_vm *vm;
	int rc, ran = 0;

	if (!arch_at_el2 || irqchip_gic_version() == 2)
		return 0;
	rc = shell_exec("vm start test; vm pause");
	vm = hv_current_vm();
	ST_CHECK(rc == 0 && vm && vm->state == HV_VM_PAUSED, "start + pause: %d", rc);
	rc = shell_exec("vm stop");
	ST_CHECK(rc == 0 && vm->state == HV_VM_STOPPED, "vm stop: %d, state %s", rc,
		 hv_vm_state_name(vm->state));
	ST_CHECK(vm->exit_reason == -EINTR, "exit reason %d, want -EINTR", vm->exit_reason);
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		ST_CHECK(vm->vcpu[i].done && !vm->vcpu[i].running, "vCPU %u thread still running",
			 i);
		rc = smp_run_on(vm->vcpu[i].pcpu, count_call, &ran, NSEC_PER_SEC);
		ST_CHECK(rc == 0, "cpu%u does not take calls after the VM: %d", vm->vcpu[i].pcpu,
			 rc);
	}
	ST_CHECK(ran == (int)vm->nvcpus, "%d of %u calls ran", ran, vm->nvcpus);
	return 0;
}
