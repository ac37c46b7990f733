// SPDX-License-Identifier: MIT
/*
 * `vm` shell command: start the built-in test guest or a boot entry, pause,
 * resume, stop, show state and exit statistics, and the guest's console
 * input (`vm console` attached interactively, `vm send` for scripts).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/shell.h>
#include <vmplat/timer.h>
#include "hv_priv.h"
#include "passthrough.h"
#include "testguest.h"
#include "vm_boot.h"

#define HV_PAUSE_TIMEOUT_NS (2 * NSEC_PER_SEC)
#define HV_INPUT_TIMEOUT_NS (10 * NSEC_PER_SEC) /* a guest that reads no input */
#define HV_CONSOLE_DETACH   0x1d		/* Ctrl-], as virsh and telnet */
#define HV_SEND_MAX	    256

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
		console_printf("vm: the hypervisor is not available on this machine (%d): the "
			       "reason is logged above\n",
			       rc);
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

static void vm_print_stats(struct hv_vm *vm)
{
	struct hv_stats s;
	struct hv_pt_info pi;
	struct hv_dirty_info di;

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
	if (arch_hv_dirty_info(vm, &di))
		console_printf("  dirty tracking: %s, %llu pages dirty, %llu write faults\n",
			       di.mode, (unsigned long long)di.pages,
			       (unsigned long long)di.faults);
}

/* Paused means parked: nothing of the guest runs once the prompt is back. */
static int vm_pause(struct hv_vm *vm)
{
	return vm->state == HV_VM_RUNNING ? hv_vm_pause_sync(vm, HV_PAUSE_TIMEOUT_NS) : -EINVAL;
}

static bool vm_alive(const struct hv_vm *vm)
{
	return vm->state == HV_VM_RUNNING || vm->state == HV_VM_PAUSED;
}

/* Bytes into the guest's receive FIFO, its interrupt raised: how many fitted. */
static size_t vm_input(struct hv_vm *vm, const uint8_t *p, size_t n)
{
	size_t k = hv_vpl011_push(&vm->uart, p, n);

	if (k)
		hv_vpl011_update_irq(vm, NULL);
	return k;
}

#define HV_CONSOLE_WAIT_NS (5 * NSEC_PER_MSEC) /* bounded sleep between console polls */

static void console_raw(char c)
{
	console_write(&c, 1);
}

/*
 * vm console: host console bytes to the guest's UART, its output raw to the
 * console, until Ctrl-] or the VM stops. A byte the full FIFO cannot take
 * is held (no more console input is read meanwhile: back-pressure) and
 * dropped after HV_INPUT_TIMEOUT_NS.
 */
static int vm_console(struct hv_vm *vm)
{
	int held = -1;
	uint64_t since = 0;

	console_printf("vm: console of %s attached; Ctrl-] detaches\n", vm->name);
	hv_vpl011_set_raw(&vm->uart, console_raw);
	while (vm_alive(vm)) {
		if (held < 0) {
			held = console_getc();
			if (held == HV_CONSOLE_DETACH)
				break;
			since = timestamp_ns();
		}
		if (held >= 0) {
			uint8_t b = (uint8_t)held;

			if (vm_input(vm, &b, 1)) {
				held = -1;
			} else if (timestamp_ns() - since > HV_INPUT_TIMEOUT_NS) {
				console_printf("\nvm: %s reads no console input: byte dropped\n",
					       vm->name);
				held = -1;
			}
		}
		if (held <
		    0) /* sleep until input or the next tick: the guest's output is not ours */
			console_wait_input(HV_CONSOLE_WAIT_NS);
		else
			cpu_relax();
	}
	hv_vpl011_set_raw(&vm->uart, NULL);
	console_printf("\nvm: console of %s detached%s\n", vm->name,
		       vm_alive(vm) ? "" : " (the VM stopped)");
	return 0;
}

/* argv joined by single spaces, one pair of enclosing quotes ('' or "") removed. */
static int send_text(int argc, char **argv, char *text, size_t cap)
{
	size_t n = 0, len;

	text[0] = '\0';
	for (int i = 2; i < argc; i++) {
		int k = snprintf(text + n, cap - n, "%s%s", i > 2 ? " " : "", argv[i]);

		if (k < 0 || (size_t)k >= cap - n)
			return -E2BIG;
		n += (size_t)k;
	}
	len = strlen(text);
	if (len >= 2 && (text[0] == '\'' || text[0] == '"') && text[len - 1] == text[0]) {
		memmove(text, text + 1, len - 2);
		text[len - 2] = '\0';
	}
	return 0;
}

/* vm send <text>: the text (C escapes) into the FIFO as the guest drains it, bounded. */
static int vm_send(struct hv_vm *vm, int argc, char **argv)
{
	char text[HV_SEND_MAX];
	uint8_t buf[HV_SEND_MAX];
	size_t n = 0, done = 0;
	uint64_t deadline = timestamp_ns() + HV_INPUT_TIMEOUT_NS;
	int rc = send_text(argc, argv, text, sizeof(text));

	if (!rc)
		rc = hv_unescape(text, buf, sizeof(buf), &n);
	if (rc) {
		console_printf("vm send: %s (escapes: \\r \\n \\t \\\\ \\xNN; at most %d "
			       "bytes; the shell splits at ';': write \\x3b)\n",
			       rc == -E2BIG ? "text too long" : "bad escape", HV_SEND_MAX - 1);
		return rc;
	}
	while (done < n) {
		if (!vm_alive(vm)) {
			console_printf("vm send: %s stopped after %zu of %zu bytes\n", vm->name,
				       done, n);
			return -ESRCH;
		}
		done += vm_input(vm, buf + done, n - done);
		if (done < n && timestamp_ns() > deadline) {
			console_printf("vm send: %s took %zu of %zu bytes in %llu s (%s)\n",
				       vm->name, done, n,
				       (unsigned long long)(HV_INPUT_TIMEOUT_NS / NSEC_PER_SEC),
				       hv_vm_state_name(vm->state));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
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
	if (!strcmp(op, "console") && argc == 2)
		return vm_alive(current) ? vm_console(current) : -ESRCH;
	if (!strcmp(op, "send") && argc > 2)
		return vm_send(current, argc, argv);
	if (!strcmp(op, "pause") || !strcmp(op, "resume") || !strcmp(op, "stop")) {
		int rc = !strcmp(op, "pause")  ? vm_pause(current) :
			 !strcmp(op, "resume") ? hv_vm_resume(current) :
						 hv_vm_stop(current);

		console_printf("vm %s: %s%s\n", current->name, hv_vm_state_name(current->state),
			       rc ? " (request refused)" : "");
		return rc;
	}
	console_printf("usage: vm start <name> [assign=<bdf>[,<bdf>]] | assign <bdf> | pause | "
		       "resume | stop | stats | console | send <text>\n");
	return -EINVAL;
}

SHELL_CMD(vm,
	  "vm start <name> [assign=<bdf>]|assign <bdf>|pause|resume|stop|stats|console|send "
	  "<text>: EL2 guests",
	  cmd_vm);
