// SPDX-License-Identifier: MIT
/*
 * Snapshot subcommands of `vm` (hv_vm_cmd_ext, called by hv/vm_cmd.c):
 *	vm snapstore [format] [<blkdev>]	pick (or format) the store; default: the
 *						first disk whose first sector has the magic
 *	vm save [-i] [-v] [desc]		full / incremental, verify after write
 *	vm restore <id> [-p]			replace the VM (-p: stay paused)
 *	vm snapshots | vm snapdel <id>
 *	vm start snap [pci]			the snapshot test guest (pci: it enables
 *						its assigned function 00:00.0)
 *	vm devstate				assigned functions as a snapshot sees them
 *	vm snapbench				memcpy of the guest RAM, timed (make bench)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/timer.h>
#include "../../hv/passthrough.h"
#include "../../tests/guest/snap/snap_abi.h"
#include "snap_hv.h"

static struct snap_store store;
static bool mounted;

static int use_store(struct blk_dev *d)
{
	int rc = snap_store_mount(d, &store);

	mounted = !rc;
	if (rc)
		console_printf("vm: %s holds no usable snapshot store: %s (%d)\n", d->name,
			       snap_strerror(rc), rc);
	else
		console_printf("vm: snapshot store on %s: %u snapshot(s), generation %llu, %llu "
			       "KiB free\n",
			       d->name, store.nrec, (unsigned long long)store.gen,
			       (unsigned long long)(snap_store_free_bytes(&store) / 1024));
	return rc;
}

static int need_store(void)
{
	if (mounted)
		return 0;
	for (unsigned i = 0; i < blk_count(); i++) {
		if (snap_store_probe(blk_get(i)))
			return use_store(blk_get(i));
	}
	console_printf("vm: no snapshot store (vm snapstore format <blkdev>)\n");
	return -ENODEV;
}

static int cmd_snapstore(int argc, char **argv)
{
	bool format = argc > 2 && !strcmp(argv[2], "format");
	const char *name = argc > 2 + format ? argv[2 + format] : NULL;
	struct blk_dev *d = name ? blk_find(name) : NULL;
	int rc;

	if (!name) {
		mounted = false;
		return need_store();
	}
	if (!d) {
		console_printf("vm: no block device %s\n", name);
		return -ENODEV;
	}
	if (format) {
		rc = snap_store_format(d, timestamp_ns() ^ 0x5eed5eed5eedULL);
		if (rc) {
			console_printf("vm: cannot format %s: %d\n", d->name, rc);
			return rc;
		}
	}
	return use_store(d);
}

static void print_list(void)
{
	console_printf("%u snapshot(s) on %s:\n", store.nrec, store.dev->name);
	for (unsigned i = 0; i < store.nrec; i++) {
		const struct snap_rec *r = &store.rec[i];
		char hex[SHA256_HEX_SIZE];

		console_printf("  %llu parent %llu %s %llu bytes at %llu sha256 %.16s \"%s\"\n",
			       (unsigned long long)r->id, (unsigned long long)r->parent,
			       r->flags & SNAP_FLAG_INCR ? "incremental" : "full",
			       (unsigned long long)r->size, (unsigned long long)r->start,
			       sha256_hex(r->digest, hex), r->desc);
	}
}

static int cmd_save(int argc, char **argv)
{
	struct snap_options o = { 0 };
	char desc[SNAP_DESC_MAX] = "";
	struct hv_vm *vm = hv_current_vm();
	uint64_t id;
	int rc = need_store();

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-i"))
			o.incremental = true;
		else if (!strcmp(argv[i], "-v"))
			o.verify = true;
		else
			snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc), "%s%s",
				 desc[0] ? " " : "", argv[i]);
	}
	o.desc = desc;
	if (rc)
		return rc;
	if (!vm) {
		console_printf("vm: no VM to save\n");
		return -ENOENT;
	}
	rc = snap_save(&store, vm, &o, &id);
	if (rc)
		console_printf("vm: save failed: %s (%d)\n", snap_strerror(rc), rc);
	return rc;
}

static int parse_id(const char *s, uint64_t *id)
{
	char *end;

	*id = strtoull(s, &end, 0);
	if (*end || !*id) {
		console_printf("vm: bad snapshot id \"%s\"\n", s);
		return -EINVAL;
	}
	return 0;
}

static int cmd_restore(int argc, char **argv)
{
	struct hv_vm *vm;
	uint64_t id;
	int rc = argc > 2 ? parse_id(argv[2], &id) : -EINVAL;

	if (rc || (rc = need_store()))
		return rc;
	rc = snap_restore(&store, id, argc > 3 && !strcmp(argv[3], "-p"), &vm);
	if (rc)
		console_printf("vm: restore of %llu refused: %s (%d)\n", (unsigned long long)id,
			       snap_strerror(rc), rc);
	return rc;
}

/* The test guest's control word (snap_abi.h), read by the guest when it starts. */
static int set_guest_ctl(struct hv_vm *vm, uint64_t v)
{
	uint64_t *ctl = hv_vm_ram_ptr(vm, SNAPG_CTL, 8);

	if (!ctl)
		return -EINVAL;
	*ctl = v;
	arch_hv_sync_guest(ctl, 8, false);
	return 0;
}

static int start_snap_guest(bool pci)
{
	struct hv_vm *cur = hv_current_vm(), *vm;
	int rc = hv_available();

	if (rc) /* arch_hv_available logged why */
		return rc;
	if (cur && cur->state != HV_VM_STOPPED) {
		console_printf("vm: %s is %s; stop it first\n", cur->name,
			       hv_vm_state_name(cur->state));
		return -EBUSY;
	}
	hv_set_current_vm(NULL);
	rc = snap_guest_create(&vm);
	if (rc) {
		console_printf("vm: cannot start snap: %d\n", rc);
		return rc;
	}
	rc = pci ? set_guest_ctl(vm, SNAPG_CTL_PCI) : 0;
	if (!rc)
		rc = hv_pt_setup(vm); /* functions queued by `vm assign` */
	if (!rc)
		rc = hv_vm_start(vm);
	if (rc) {
		hv_vm_stop(vm);
		hv_pt_release(vm);
		hv_vm_destroy(vm);
		console_printf("vm: cannot start snap: %d\n", rc);
		return rc;
	}
	hv_set_current_vm(vm);
	console_printf("vm: snap running, 1 vCPU on cpu1\n");
	return 0;
}

/* The reference for save throughput: a memcpy of the same guest RAM, best of 3. */
static int cmd_snapbench(void)
{
	struct hv_vm *vm = hv_current_vm();
	bool was_running;
	uint64_t best = ~0ULL;
	void *ram, *buf;
	int rc;

	if (!vm || (vm->state != HV_VM_RUNNING && vm->state != HV_VM_PAUSED))
		return -ENOENT;
	buf = malloc(vm->ram_size);
	if (!buf)
		return -ENOMEM;
	was_running = vm->state == HV_VM_RUNNING;
	rc = hv_vm_pause_sync(vm, 2 * NSEC_PER_SEC);
	ram = hv_vm_ram_ptr(vm, vm->ram_ipa, vm->ram_size);
	for (unsigned i = 0; i < 3 && !rc; i++) {
		uint64_t t0 = timestamp_ns();

		memcpy(buf, ram, vm->ram_size);
		best = MIN(best, timestamp_ns() - t0);
	}
	if (was_running)
		hv_vm_resume(vm);
	free(buf);
	if (!rc)
		console_printf("snapbench: memcpy %llu bytes in %llu us\n",
			       (unsigned long long)vm->ram_size,
			       (unsigned long long)(best / NSEC_PER_USEC));
	return rc;
}

int snapshot_boot_restore(uint64_t id)
{
	struct hv_vm *vm;
	int rc = hv_available();

	if (!rc)
		rc = need_store();
	if (!rc)
		rc = snap_restore(&store, id, false, &vm);
	if (rc)
		console_printf("vmrestore=%llu: refused: %s (%d)\n", (unsigned long long)id,
			       snap_strerror(rc), rc);
	return rc;
}

int hv_vm_cmd_ext(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "";
	uint64_t id;
	int rc;

	if (!strcmp(op, "start") && argc > 2 && !strcmp(argv[2], "snap"))
		return start_snap_guest(argc > 3 && !strcmp(argv[3], "pci"));
	if (!strcmp(op, "devstate"))
		return hv_current_vm() ? snap_vpci_show(hv_current_vm()) : -ENOENT;
	if (!strcmp(op, "snapbench"))
		return cmd_snapbench();
	if (!strcmp(op, "snapstore"))
		return cmd_snapstore(argc, argv);
	if (!strcmp(op, "save"))
		return cmd_save(argc, argv);
	if (!strcmp(op, "restore"))
		return cmd_restore(argc, argv);
	if (!strcmp(op, "snapshots")) {
		rc = need_store();
		if (!rc)
			print_list();
		return rc;
	}
	if (!strcmp(op, "snapdel")) {
		rc = argc > 2 ? parse_id(argv[2], &id) : -EINVAL;
		if (!rc)
			rc = need_store();
		if (!rc)
			rc = snap_store_delete(&store, id);
		console_printf("vm: snapdel %s: %s\n", argc > 2 ? argv[2] : "?",
			       rc ? snap_strerror(rc) : "deleted");
		return rc;
	}
	return -ENOSYS;
}
