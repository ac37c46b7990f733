// SPDX-License-Identifier: MIT
/*
 * `vm` shell command: start the built-in test guest (later: a boot entry),
 * pause, resume, stop, and show state and exit statistics.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/shell.h>
#include <vmplat/timer.h>
#include "hv_priv.h"
#include "passthrough.h"
#include "testguest.h"
#include "vm_boot.h"

#define HV_PAUSE_TIMEOUT_NS (2 * NSEC_PER_SEC)

static struct hv_vm *current;

struct hv_vm *hv_current_vm(void)
{
	return current;
}

void hv_set_current_vm(struct hv_vm *vm)
{
	if (current && current != vm) {
		hv_vm_stop(current);
		hv_pt_release(current);
		hv_vm_destroy(current);
	}
	current = vm;
}

static int vm_create(const char *name, struct hv_vm **out)
{
	struct boot_entry *e;

	if (!strcmp(name, "test"))
		return hv_test_guest_create(out);
	if (!strcmp(name, "sec"))
		return hv_sec_guest_create(out);
	e = hv_boot_entry_find(name);
	if (e)
		return hv_boot_entry_vm(e, out);
	console_printf("vm: no guest \"%s\" (built in: test, sec; or a boot entry id)\n", name);
	return -ENOENT;
}

static int vm_start(const char *name)
{
	int rc = hv_available();

	if (rc) {
		console_printf("vm: not available: vmplat runs at EL1 here; the hypervisor needs "
			       "EL2 (QEMU -machine virtualization=on)\n");
		return rc;
	}
	if (current && current->state != HV_VM_STOPPED) {
		console_printf("vm: %s is %s; stop it first\n", current->name,
			       hv_vm_state_name(current->state));
		return -EBUSY;
	}
	hv_pt_release(current);
	hv_vm_destroy(current);
	current = NULL;
	rc = vm_create(name, &current);
	if (!rc)
		rc = hv_pt_setup(current);
	if (!rc)
		rc = hv_vm_start(current);
	if (rc) {
		hv_pt_clear_queue();
		if (current) {
			hv_vm_stop(current);
			hv_pt_release(current);
		}
		console_printf("vm: cannot start %s: %d\n", name, rc);
		return rc;
	}
	console_printf("vm: %s running, %u vCPUs on cpu1-cpu%u\n", current->name, current->nvcpus,
		       current->nvcpus);
	return 0;
}

static void vm_print_stats(const struct hv_vm *vm)
{
	struct hv_stats s;
	struct hv_pt_info pi;

	hv_vm_stats(vm, &s);
	console_printf("vm %s: %s, %u vCPUs, %llu MiB RAM at %#llx (host %#llx), VMID %u, "
		       "IPA %u bits\n",
		       vm->name, hv_vm_state_name(vm->state), vm->nvcpus,
		       (unsigned long long)(vm->ram_size / MiB), (unsigned long long)vm->ram_ipa,
		       (unsigned long long)vm->ram_pa, vm->s2.vmid, vm->s2.ipa_bits);
	console_printf("  exits:");
	for (unsigned c = 0; c < HV_EXIT_N; c++)
		console_printf(" %s=%llu", hv_exit_class_name(c), (unsigned long long)s.exits[c]);
	console_printf("\n  guest_time_us=%llu virqs=%llu vtimer_ticks=%llu aborts_injected=%llu "
		       "uart_bytes=%llu\n",
		       (unsigned long long)(s.guest_ns / NSEC_PER_USEC),
		       (unsigned long long)s.virqs, (unsigned long long)s.vtimer_ticks,
		       (unsigned long long)s.aborts_injected,
		       (unsigned long long)vm->uart.tx_bytes);
	hv_pt_info(vm, &pi);
	if (pi.ndev)
		console_printf(
			"  passthrough: %u device(s), dma_faults=%llu last_fault_ipa=%#llx intx=%llu\n",
			pi.ndev, (unsigned long long)pi.dma_faults,
			(unsigned long long)pi.last_fault_iova, (unsigned long long)pi.intx);
}

/* Paused means parked: nothing of the guest runs once the prompt is back. */
static int vm_pause(struct hv_vm *vm)
{
	return vm->state == HV_VM_RUNNING ? hv_vm_pause_sync(vm, HV_PAUSE_TIMEOUT_NS) : -EINVAL;
}

static int cmd_vm(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "stats";
	int ext = hv_vm_cmd_ext(argc, argv); /* snapshots: save, restore, ... */

	if (ext != -ENOSYS)
		return ext;

	if (!strcmp(op, "assign") && argc == 3) {
		int rc = hv_pt_queue(argv[2]);

		console_printf(rc ? "vm: bad function list \"%s\" (ssss:bb:dd.f[,...])\n" :
				    "vm: %s queued for the next vm start\n",
			       argv[2]);
		return rc;
	}
	if (!strcmp(op, "start")) {
		hv_boot_opts_reset();
		for (int i = 3; i < argc; i++) {
			int rc = hv_boot_opt(argv[i]); /* cpus=, mem= (boot entry VMs) */

			if (rc == -ENOENT)
				rc = strncmp(argv[i], "assign=", 7) ? -EINVAL :
								      hv_pt_queue(argv[i] + 7);
			if (rc) {
				console_printf("vm: bad argument \"%s\" (assign=<bdf>[,<bdf>], "
					       "cpus=N, mem=SIZE)\n",
					       argv[i]);
				hv_pt_clear_queue();
				return -EINVAL;
			}
		}
		return vm_start(argc > 2 ? argv[2] : "test");
	}
	if (!current) {
		console_printf("vm: no VM (vm start test)\n");
		return -ENOENT;
	}
	if (!strcmp(op, "stats")) {
		vm_print_stats(current);
		return 0;
	}
	if (!strcmp(op, "pause") || !strcmp(op, "resume") || !strcmp(op, "stop")) {
		int rc = !strcmp(op, "pause")  ? vm_pause(current) :
			 !strcmp(op, "resume") ? hv_vm_resume(current) :
						 hv_vm_stop(current);

		console_printf("vm %s: %s%s\n", current->name, hv_vm_state_name(current->state),
			       rc ? " (request refused)" : "");
		return rc;
	}
	console_printf("usage: vm start <name> [assign=<bdf>[,<bdf>]] | assign <bdf> | pause | "
		       "resume | stop | stats\n");
	return -EINVAL;
}

SHELL_CMD(vm, "vm start <name> [assign=<bdf>]|assign <bdf>|pause|resume|stop|stats: EL2 guests",
	  cmd_vm);
