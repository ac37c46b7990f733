// SPDX-License-Identifier: MIT
/*
 * Generic pre-handoff quiesce: stop everything vmplat started that could
 * touch memory or raise an interrupt after the next kernel owns the machine
 * (DMA, IOMMU translation, bus mastering, timers, other CPUs). Hooks run in
 * reverse registration order; the built-in ones are registered first, so
 * they run last, in the order include/vmplat/handoff.h lists. Used by the
 * Linux loaders of both arches and the ELF payload path (boot_quiesce).
 */
#include <errno.h>
#include <vmplat/boot.h>
#include <vmplat/handoff.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>

struct hook {
	const char *name;
	handoff_hook_fn fn;
	void *arg;
};

static struct hook hooks[HANDOFF_MAX_HOOKS];
static unsigned nhooks;
static bool builtins_done, quiesced;
static const char *ran[HANDOFF_MAX_HOOKS];
static unsigned nran;

/*
 * Weak stand-ins: an image without the driver (or an arch without its own
 * parking) still links; the driver's strong definition replaces them.
 */
__weak int blk_quiesce_all(void)
{
	return 0;
}

__weak int iommu_disable_all(void)
{
	return 0;
}

__weak int pci_bus_master_off_all(void)
{
	return 0;
}

/* Without an arch implementation: at least no interrupts on this CPU. */
__weak int arch_quiesce_for_handoff(void)
{
	arch_irq_disable();
	return 0;
}

static int arch_hook(void *arg)
{
	(void)arg;
	return arch_quiesce_for_handoff();
}

static int iommu_hook(void *arg)
{
	(void)arg;
	return iommu_disable_all();
}

static int pci_hook(void *arg)
{
	(void)arg;
	return pci_bus_master_off_all();
}

static int blk_hook(void *arg)
{
	(void)arg;
	return blk_quiesce_all();
}

static int add(const char *name, handoff_hook_fn fn, void *arg)
{
	if (!fn)
		return -EINVAL;
	if (nhooks >= HANDOFF_MAX_HOOKS) {
		log_err("handoff: hook table full (%u), dropping %s", HANDOFF_MAX_HOOKS, name);
		return -ENOSPC;
	}
	hooks[nhooks++] = (struct hook){ name, fn, arg };
	return 0;
}

/* Registered before anything else, so they run after every later hook. */
static void builtins(void)
{
	if (builtins_done)
		return;
	builtins_done = true;
	add("arch: cpus, timers, interrupts", arch_hook, NULL);
	add("iommu: translation off", iommu_hook, NULL);
	add("pci: bus mastering off", pci_hook, NULL);
	add("blk: controllers stopped", blk_hook, NULL);
}

int handoff_register(const char *name, handoff_hook_fn fn, void *arg)
{
	builtins();
	return add(name, fn, arg);
}

int platform_quiesce_for_handoff(void)
{
	int first = 0;

	if (quiesced)
		return -EALREADY;
	quiesced = true;
	builtins();
	for (unsigned i = nhooks; i-- > 0;) {
		int rc = hooks[i].fn(hooks[i].arg);

		ran[nran++] = hooks[i].name;
		if (rc) {
			log_err("handoff: %s failed: %d", hooks[i].name, rc);
			if (!first)
				first = rc;
		} else {
			log_debug("handoff: %s", hooks[i].name);
		}
	}
	return first;
}

unsigned handoff_ran(const char **names, unsigned max)
{
	unsigned n = MIN(max, nran);

	for (unsigned i = 0; i < n; i++)
		names[i] = ran[i];
	return n;
}

/* The boot manager's quiesce (boot.h): the same sequence. */
int boot_quiesce(void)
{
	return platform_quiesce_for_handoff();
}
