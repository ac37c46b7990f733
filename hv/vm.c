// SPDX-License-Identifier: MIT
/*
 * VM objects: guest RAM from the platform allocator behind stage 2, the
 * emulated devices, vCPUs pinned one per physical CPU (vCPU n on CPU n+1:
 * CPU 0 keeps the console shell), states and statistics. Threads start on
 * their CPUs through the smp mailbox without waiting (smp_post_on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "hv_priv.h"
#include "passthrough.h"

#define HV_STOP_TIMEOUT_NS (2 * NSEC_PER_SEC)
#define SPSR_EL1H_MASKED   0x3c5	 /* EL1h, D A I F masked: booting.rst entry state */
#define SCTLR_EL1_RESET	   0x30d00800ULL /* RES1 bits only (Arm ARM D17.2.118) */
#define CPACR_FPEN_EL1	   (3ULL << 20)	 /* FP/SIMD not trapped at EL1/EL0 */

static const char *const state_names[] = { "created", "running", "paused", "stopping", "stopped" };
static const char *const exit_names[HV_EXIT_N] = { "hvc", "smc",    "mmio", "abort",
						   "wfx", "sysreg", "irq",  "other" };

const char *hv_vm_state_name(enum hv_vm_state s)
{
	return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

const char *hv_exit_class_name(enum hv_exit_class c)
{
	return (unsigned)c < HV_EXIT_N ? exit_names[c] : "?";
}

int hv_available(void)
{
	return arch_hv_available();
}

enum hv_vm_state hv_vm_state(const struct hv_vm *vm)
{
	return vm->state;
}

int hv_vm_add_device(struct hv_vm *vm, const struct hv_mmio_region *r)
{
	if (vm->ndev >= HV_MAX_DEVICES || !r->size || !r->ops || r->base + r->size < r->base)
		return -EINVAL;
	for (unsigned i = 0; i < vm->ndev; i++) {
		const struct hv_mmio_region *o = &vm->dev[i];

		if (r->base < o->base + o->size && o->base < r->base + r->size) {
			log_err("hv: %s: device %s overlaps %s at %#llx", vm->name, r->name,
				o->name, (unsigned long long)o->base);
			return -EEXIST;
		}
	}
	if (r->base < vm->ram_ipa + vm->ram_size && vm->ram_ipa < r->base + r->size)
		return -EEXIST;
	vm->dev[vm->ndev++] = *r;
	return 0;
}

static void uart_out(void *ctx, const char *line, size_t n)
{
	struct hv_vm *vm = ctx;

	console_printf("[vm %s] %.*s\n", vm->name, (int)n, line);
}

void hv_vcpu_reset(struct hv_vcpu *v, uint64_t entry, uint64_t x0)
{
	memset(v->ctx.x, 0, sizeof(v->ctx.x));
	memset(v->ctx.sys, 0, sizeof(v->ctx.sys));
	v->ctx.x[0] = x0;
	v->ctx.pc = entry;
	v->ctx.pstate = SPSR_EL1H_MASKED;
	v->ctx.sys[HV_SCTLR_EL1] = SCTLR_EL1_RESET; /* MMU and caches off */
	v->ctx.sys[HV_CPACR_EL1] = CPACR_FPEN_EL1;
}

static int vm_alloc_ram(struct hv_vm *vm, uint64_t size)
{
	vm->ram_pa = page_alloc_aligned(size / PAGE_SIZE, 2 * MiB);
	if (vm->ram_pa == INVALID_PADDR) {
		log_err("hv: %s: no %llu MiB of RAM for the guest", vm->name,
			(unsigned long long)(size / MiB));
		return -ENOMEM;
	}
	memset(phys_to_virt(vm->ram_pa), 0, size);
	vm->ram_ipa = HV_GUEST_RAM_BASE;
	vm->ram_size = size;
	return arch_hv_stage2_map(vm, vm->ram_ipa, vm->ram_pa, size, PT_R | PT_W | PT_X);
}

static int vm_check_config(const struct hv_vm_config *cfg)
{
	int rc = hv_available();

	if (rc)
		return rc;
	if (!cfg->nvcpus || cfg->nvcpus > HV_MAX_VCPUS || cfg->nvcpus + 1 > smp_online_count()) {
		log_err("hv: %u vCPUs need %u online CPUs (one each, CPU 0 keeps the shell); %u "
			"online",
			cfg->nvcpus, cfg->nvcpus + 1, smp_online_count());
		return -EINVAL;
	}
	if (!cfg->ram_size || !IS_ALIGNED(cfg->ram_size, 2 * MiB)) {
		log_err("hv: guest RAM must be a non-zero multiple of 2 MiB");
		return -EINVAL;
	}
	return 0;
}

int hv_vm_create(const struct hv_vm_config *cfg, struct hv_vm **out)
{
	struct hv_vm *vm;
	int rc = vm_check_config(cfg);

	if (rc)
		return rc;
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	snprintf(vm->name, sizeof(vm->name), "%s", cfg->name);
	vm->lock = (struct spinlock)SPINLOCK_INIT;
	vm->nvcpus = cfg->nvcpus;
	vm->ram_pa = INVALID_PADDR;
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
		vm->vcpu[i].pcpu = i + 1;
		vm->vcpu[i].mpidr = hv_vcpu_mpidr(i);
	}
	hv_vgic_init(vm);
	hv_vpl011_init(&vm->uart, uart_out, vm);
	rc = arch_hv_stage2_init(vm);
	if (!rc)
		rc = vm_alloc_ram(vm, cfg->ram_size);
	if (!rc)
		rc = hv_vgic_add_devices(vm);
	if (!rc) {
		struct hv_mmio_region u = { "pl011", HV_GUEST_UART_BASE, HV_GUEST_UART_SIZE,
					    &hv_vpl011_ops, &vm->uart };

		rc = hv_vm_add_device(vm, &u);
	}
	if (rc) {
		vm->state = HV_VM_STOPPED;
		hv_vm_destroy(vm);
		return rc;
	}
	*out = vm;
	return 0;
}

void *hv_vm_ram_ptr(struct hv_vm *vm, uint64_t ipa, uint64_t len)
{
	if (ipa < vm->ram_ipa || ipa - vm->ram_ipa > vm->ram_size ||
	    len > vm->ram_size - (ipa - vm->ram_ipa))
		return NULL;
	return (uint8_t *)phys_to_virt(vm->ram_pa) + (ipa - vm->ram_ipa);
}

static int copy_in(struct hv_vm *vm, uint64_t ipa, const void *src, size_t n, bool exec)
{
	void *dst = hv_vm_ram_ptr(vm, ipa, n);

	if (!dst)
		return -E2BIG;
	memcpy(dst, src, n);
	arch_hv_sync_guest(dst, n, exec);
	return 0;
}

int hv_vm_load(struct hv_vm *vm, const struct hv_guest_image *img)
{
	struct hv_layout l;
	struct hv_fdt_params fp = { .nvcpus = vm->nvcpus,
				    .ram_base = vm->ram_ipa,
				    .ram_size = vm->ram_size,
				    .bootargs = img->cmdline };
	void *dtb;
	int rc;

	if (vm->state != HV_VM_CREATED)
		return -EBUSY;
	rc = hv_image_layout(img->kernel, img->kernel_size, vm->ram_ipa, vm->ram_size,
			     img->initrd ? img->initrd_size : 0, &l);
	if (rc)
		return rc;
	rc = copy_in(vm, l.kernel, img->kernel, img->kernel_size, true);
	if (!rc && l.initrd)
		rc = copy_in(vm, l.initrd, img->initrd, img->initrd_size, false);
	if (rc)
		return rc;
	fp.initrd_start = l.initrd;
	fp.initrd_end = l.initrd ? l.initrd + img->initrd_size : 0;
	dtb = hv_vm_ram_ptr(vm, l.dtb, HV_DTB_MAX);
	rc = hv_fdt_build(dtb, 64 * KiB, &fp);
	if (rc) {
		log_err("hv: %s: cannot build the guest device tree (%d)", vm->name, rc);
		return rc;
	}
	arch_hv_sync_guest(dtb, 64 * KiB, false);
	/* booting.rst: x0 = DTB, x1-x3 = 0, MMU off, EL1h, interrupts masked. */
	hv_vcpu_reset(&vm->vcpu[0], l.kernel, l.dtb);
	vm->vcpu[0].power = HV_CPU_ON;
	return 0;
}

int hv_vm_start(struct hv_vm *vm)
{
	if (vm->state != HV_VM_CREATED)
		return -EBUSY;
	vm->state = HV_VM_RUNNING;
	vm->start_ns = timestamp_ns();
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		int rc;

		__atomic_add_fetch(&vm->nthreads, 1, __ATOMIC_SEQ_CST);
		rc = smp_post_on(vm->vcpu[i].pcpu, arch_hv_vcpu_thread, &vm->vcpu[i]);
		if (rc) {
			__atomic_sub_fetch(&vm->nthreads, 1, __ATOMIC_SEQ_CST);
			log_err("hv: %s: cpu%u cannot take vCPU %u (%d)", vm->name,
				vm->vcpu[i].pcpu, i, rc);
			hv_vm_stop(vm);
			return rc;
		}
	}
	return 0;
}

void hv_vcpu_kick(struct hv_vcpu *v)
{
	v->kick = true;
	arch_hv_kick_cpu(v->pcpu);
}

static void kick_all(struct hv_vm *vm)
{
	for (unsigned i = 0; i < vm->nvcpus; i++)
		hv_vcpu_kick(&vm->vcpu[i]);
}

void hv_vm_request_stop(struct hv_vm *vm, int reason)
{
	spin_lock(&vm->lock);
	if (vm->state != HV_VM_STOPPED && vm->state != HV_VM_STOPPING) {
		vm->exit_reason = reason;
		vm->state = vm->nthreads ? HV_VM_STOPPING : HV_VM_STOPPED;
	}
	spin_unlock(&vm->lock);
	kick_all(vm);
}

int hv_vm_pause(struct hv_vm *vm)
{
	if (vm->state != HV_VM_RUNNING)
		return -EINVAL;
	vm->state = HV_VM_PAUSED;
	kick_all(vm);
	return 0;
}

int hv_vm_resume(struct hv_vm *vm)
{
	if (vm->state != HV_VM_PAUSED)
		return -EINVAL;
	vm->state = HV_VM_RUNNING;
	kick_all(vm);
	return 0;
}

int hv_vm_wait_stopped(struct hv_vm *vm, uint64_t timeout_ns)
{
	uint64_t deadline = timestamp_ns() + timeout_ns;

	while (vm->state != HV_VM_STOPPED) {
		if (timestamp_ns() > deadline)
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

int hv_vm_stop(struct hv_vm *vm)
{
	int rc;

	if (vm->state == HV_VM_CREATED)
		vm->state = HV_VM_STOPPED;
	hv_vm_request_stop(vm, -EINTR);
	rc = hv_vm_wait_stopped(vm, HV_STOP_TIMEOUT_NS);
	if (rc)
		log_err("hv: %s: vCPUs did not leave within 2 s", vm->name);
	return rc;
}

void hv_vm_stats(const struct hv_vm *vm, struct hv_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		const struct hv_stats *s = &vm->vcpu[i].stats;

		for (unsigned c = 0; c < HV_EXIT_N; c++)
			out->exits[c] += s->exits[c];
		out->guest_ns += s->guest_ns;
		out->virqs += s->virqs;
		out->vtimer_ticks += s->vtimer_ticks;
		out->aborts_injected += s->aborts_injected;
	}
}

void hv_vm_destroy(struct hv_vm *vm)
{
	if (!vm || vm->state != HV_VM_STOPPED)
		return;
	hv_pt_forget(vm);
	arch_hv_stage2_destroy(vm);
	free(vm->dirty);
	if (vm->ram_pa != INVALID_PADDR)
		page_free(vm->ram_pa, vm->ram_size / PAGE_SIZE);
	free(vm);
}

int hv_vm_pause_sync(struct hv_vm *vm, uint64_t timeout_ns)
{
	uint64_t deadline = timestamp_ns() + timeout_ns;
	int rc = vm->state == HV_VM_PAUSED ? 0 : hv_vm_pause(vm);

	if (rc)
		return rc;
	/*
	 * hv_vm_start posted a thread for every vCPU of a running VM: wait for
	 * each to park or leave, also one that has not started on its CPU yet
	 * (running is still false then, but it may start and enter the guest).
	 */
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		struct hv_vcpu *v = &vm->vcpu[i];

		while (!load_acquire(&v->parked) && !load_acquire(&v->done)) {
			if (timestamp_ns() > deadline) {
				log_err("hv: %s: vCPU %u did not park within the timeout", vm->name,
					i);
				return -ETIMEDOUT;
			}
			cpu_relax();
		}
	}
	return 0;
}
