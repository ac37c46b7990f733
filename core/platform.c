// SPDX-License-Identifier: MIT
/*
 * The machine description, the boot report, and platform_main(): the
 * generic start both arch entries reach.
 */
#include <errno.h>
#include <vmplat/blk.h>
#include <vmplat/boot.h>
#include <vmplat/gpu.h>
#include <vmplat/iommu.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include <vmplat/platform.h>
#include <vmplat/power.h>
#include <vmplat/runtime.h>
#include <vmplat/selftest.h>
#include <vmplat/shell.h>
#include <vmplat/smp.h>
#include <vmplat/snapshot.h>
#include <vmplat/timer.h>

struct platform platform;

static const char *const mem_type_names[] = {
	[MEM_USABLE] = "usable",     [MEM_RESERVED] = "reserved", [MEM_ACPI] = "acpi",
	[MEM_FIRMWARE] = "firmware", [MEM_IMAGE] = "vmplat",	  [MEM_MMIO] = "mmio",
};

const char *mem_type_name(enum mem_type t)
{
	return (unsigned)t < ARRAY_SIZE(mem_type_names) ? mem_type_names[t] : "?";
}

int platform_add_mem(paddr_t base, uint64_t size, enum mem_type type)
{
	struct mem_region *last = platform.nmem ? &platform.mem[platform.nmem - 1] : NULL;

	if (!size || base + size < base)
		return -EINVAL;
	if (type != MEM_MMIO)
		platform.ram_bytes += size;
	/* Firmware maps come sorted and fragmented: merge adjacent runs of one type. */
	if (last && last->type == type && last->base + last->size == base) {
		last->size += size;
		return 0;
	}
	if (platform.nmem >= PLAT_MAX_MEM) {
		log_warn("platform: memory map full, dropping %#llx+%#llx",
			 (unsigned long long)base, (unsigned long long)size);
		return -ENOSPC;
	}
	platform.mem[platform.nmem++] = (struct mem_region){ base, size, type };
	return 0;
}

static void report_memory(void)
{
	uint64_t by_type[MEM_MMIO + 1] = { 0 };

	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];

		by_type[r->type] += r->size;
		if (log_get_level() >= LOG_DEBUG || platform.nmem <= 16)
			console_printf("    %#014llx-%#014llx %-9s %8llu KiB\n",
				       (unsigned long long)r->base,
				       (unsigned long long)(r->base + r->size - 1),
				       mem_type_name(r->type), (unsigned long long)(r->size / KiB));
	}
	console_printf("  memory: %llu MiB RAM described, %llu MiB usable by vmplat (%u regions)\n",
		       (unsigned long long)(platform.ram_bytes / MiB),
		       (unsigned long long)(platform.usable_bytes / MiB), platform.nmem);
	for (unsigned t = 0; t <= MEM_MMIO; t++) {
		if (by_type[t])
			console_printf("    %-9s %10llu KiB\n", mem_type_name(t),
				       (unsigned long long)(by_type[t] / KiB));
	}
}

static void report_cpus(void)
{
	console_printf("  cpus: %u present, %u online\n", cpu_count, smp_online_count());
	for (unsigned i = 0; i < cpu_count; i++)
		console_printf("    cpu%-2u hwid %#-8llx %-7s %s\n", i,
			       (unsigned long long)cpus[i].hwid,
			       cpus[i].online ? "online" : "offline", cpu_class_name(cpus[i].cls));
}

void platform_report(void)
{
	console_printf("\nvmplat platform report\n");
	console_printf("  arch: %s, firmware: %s%s%s", platform.arch,
		       platform.fw == FW_UEFI ? "UEFI" : "FDT", platform.fw_vendor[0] ? " " : "",
		       platform.fw_vendor);
	if (platform.boot_el)
		console_printf(", running at EL%u", platform.boot_el);
	console_printf("\n  cpu: %s %s (id %#x)\n  features: %s\n", platform.cpu_vendor,
		       platform.cpu_model, platform.cpu_id, platform.cpu_features);
	report_cpus();
	report_memory();
	console_printf("  timer: %llu.%03llu MHz counter (%s)\n",
		       (unsigned long long)(platform.counter_hz / 1000000),
		       (unsigned long long)(platform.counter_hz / 1000 % 1000),
		       platform.counter_src ? platform.counter_src : "?");
	for (unsigned i = 0; i < platform.necam; i++)
		console_printf("  pci ecam: segment %u buses %u-%u at %#llx\n",
			       platform.ecam[i].segment, platform.ecam[i].bus_start,
			       platform.ecam[i].bus_end, (unsigned long long)platform.ecam[i].base);
	console_printf("  cmdline: \"%s\"\n\n", platform.cmdline);
}

void platform_main(void)
{
	char arg[64] = "";
	int rc;

	log_info("vmplat (%s) generic start", platform.arch);
	if (cmdline_has(platform.cmdline, "debug"))
		log_set_level(LOG_DEBUG);
	if (!platform.counter_hz)
		platform.counter_hz = timer_counter_freq();
	rc = mm_init();
	if (rc)
		panic("mm: cannot build the platform page tables (%d)", rc);
	rc = arch_late_init();
	if (rc)
		log_err("arch late init failed: %d (continuing without interrupts)", rc);
	smp_boot_all();
	pci_init();
	iommu_init();
	gpu_init();
	blk_init();
	runtime_init();
	boot_timeline_mark(BOOT_T_DEVICES_READY);
	platform_report();
	if (cmdline_has(platform.cmdline, "selftest")) {
		cmdline_get(platform.cmdline, "selftest", arg, sizeof(arg));
		platform_exit(selftest_run_all(arg) ? 1 : 0);
	}
	if (cmdline_has(platform.cmdline, "poweroff"))
		platform_exit(0);
	/* vmrestore=<id>: a VM snapshot restored into this fresh boot. */
	snapshot_boot(platform.cmdline);
	/* BLS entries on an ISO: the boot menu (returns when nothing was booted). */
	boot_manager_start();
	shell_run();
	platform_exit(0);
}
