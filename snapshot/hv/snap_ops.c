// SPDX-License-Identifier: MIT
/*
 * Save and restore of hypervisor VMs through the snapshot store
 * (docs/snapshot.md). Save: every vCPU parked (hv_vm_pause_sync), state
 * and memory (all pages, or the pages the stage-2 dirty bitmap names since
 * the VM's last snapshot) streamed into the store, committed, dirty
 * tracking re-armed, the VM resumed. Restore: every image of the chain
 * verified first (a bad one leaves the running VM alone), then the VM
 * replaced by a new one holding the chain's memory and the last image's
 * state.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/timer.h>
#include "snap_hv.h"

#define PAUSE_TIMEOUT_NS (2 * NSEC_PER_SEC)
#define MEM_CHUNK	 (1 * MiB)
#define PROGRESS_MIN	 (4 * MiB) /* smaller transfers print no progress */

/* The VM the last save or restore was about: the parent of an incremental save. */
static struct {
	struct hv_vm *vm;
	uint64_t id;
	uint8_t digest[32];
} last;

void snap_set_last(struct hv_vm *vm, uint64_t id, const uint8_t digest[32])
{
	last.vm = vm;
	last.id = id;
	memcpy(last.digest, digest, 32);
}

void snap_progress_init(struct snap_progress *p, const char *what, uint64_t total)
{
	p->what = what;
	p->total = total;
	p->base = 0;
	p->next = total / 4;
	p->t0 = timestamp_ns();
}

void snap_progress(void *ctx, uint64_t done)
{
	struct snap_progress *p = ctx;

	done += p->base;
	if (p->total < PROGRESS_MIN || done < p->next)
		return;
	console_printf("snapshot: %s %llu of %llu bytes (%llu%%)\n", p->what,
		       (unsigned long long)done, (unsigned long long)p->total,
		       (unsigned long long)(done * 100 / p->total));
	p->next = done + p->total / 4;
}

void snap_ram_sha256(struct hv_vm *vm, char hex[SHA256_HEX_SIZE])
{
	uint8_t d[32];
	void *ram = hv_vm_ram_ptr(vm, vm->ram_ipa, vm->ram_size);

	arch_hv_sync_guest(ram, vm->ram_size, false);
	sha256(ram, vm->ram_size, d);
	sha256_hex(d, hex);
}

static uint64_t popcount_bitmap(const uint64_t *bm, uint64_t words)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < words; i++)
		n += (uint64_t)__builtin_popcountll(bm[i]);
	return n;
}

static int write_vpci(struct snap_writer *w, const struct snap_vpci_save *p)
{
	static uint8_t buf[SNAP_VPCI_MAX_BYTES];
	int rc;

	if (!p->present)
		return 0;
	snap_vpci_encode(&p->v, buf);
	rc = snap_writer_section(w, SNAP_SECT_VPCI, 0);
	return rc ? rc : snap_writer_data(w, buf, snap_vpci_bytes(&p->v));
}

static int write_state(struct snap_writer *w, struct hv_vm *vm)
{
	static uint8_t buf[4096];
	static struct snap_vgic g;
	struct snap_vcpu v;
	struct snap_uart u;
	uint64_t now = arch_counter_read();
	int rc = 0;

	_Static_assert(SNAP_VCPU_BYTES <= sizeof(buf), "vcpu buffer");
	for (unsigned i = 0; i < vm->nvcpus && !rc; i++) {
		snap_vcpu_save(&vm->vcpu[i], now, &v);
		snap_vcpu_encode(&v, buf);
		rc = snap_writer_section(w, SNAP_SECT_VCPU, i);
		if (!rc)
			rc = snap_writer_data(w, buf, SNAP_VCPU_BYTES);
	}
	snap_vgic_save(vm, &g);
	if (!rc && snap_vgic_bytes(vm->nvcpus) <= sizeof(buf)) {
		snap_vgic_encode(&g, buf);
		rc = snap_writer_section(w, SNAP_SECT_VGIC, 0);
		if (!rc)
			rc = snap_writer_data(w, buf, snap_vgic_bytes(vm->nvcpus));
	} else if (!rc) {
		rc = -E2BIG;
	}
	snap_uart_save(&vm->uart, &u);
	snap_uart_encode(&u, buf);
	if (!rc)
		rc = snap_writer_section(w, SNAP_SECT_UART, 0);
	if (!rc)
		rc = snap_writer_data(w, buf, SNAP_UART_BYTES);
	return rc;
}

static int write_memory(struct snap_writer *w, struct hv_vm *vm, bool delta, uint64_t nset,
			struct snap_progress *pr)
{
	uint64_t npages = vm->ram_size / PAGE_SIZE, words = (npages + 63) / 64, done = 0;
	uint8_t *ram = hv_vm_ram_ptr(vm, vm->ram_ipa, vm->ram_size), h[SNAP_MEM_HDR], b[8];
	int rc;

	le64_put(h, vm->ram_ipa);
	le64_put(h + 8, npages);
	le64_put(h + 16, nset);
	rc = snap_writer_section(w, delta ? SNAP_SECT_MEM_DELTA : SNAP_SECT_MEM_FULL, 0);
	if (!rc)
		rc = snap_writer_data(w, h, sizeof(h));
	for (uint64_t i = 0; delta && i < words && !rc; i++) {
		le64_put(b, vm->dirty[i]);
		rc = snap_writer_data(w, b, 8);
	}
	for (uint64_t p = 0; p < npages && !rc;) {
		uint64_t n = delta ? 1 : MIN(npages - p, (uint64_t)(MEM_CHUNK / PAGE_SIZE));

		if (!delta || (vm->dirty[p / 64] >> (p % 64) & 1)) {
			arch_hv_sync_guest(ram + p * PAGE_SIZE, n * PAGE_SIZE, false);
			rc = snap_writer_data(w, ram + p * PAGE_SIZE, n * PAGE_SIZE);
			done += n * PAGE_SIZE;
			snap_progress(pr, done);
		}
		p += n;
	}
	return rc;
}

static uint64_t pages_saved;
static struct snap_vpci_save vs;

/*
 * An incremental save while a function can DMA: its writes bypass stage-2
 * dirty tracking (QEMU's SMMUv3 keeps no HTTU dirty state), so the delta
 * could miss pages: the whole RAM is saved instead (a full snapshot).
 */
static bool delta_unsafe(const struct snap_vpci_save *v, bool delta, const struct hv_vm *vm)
{
	if (!delta || v->dma_dev < 0)
		return false;
	console_printf("snapshot: %s: %s has bus mastering on; its DMA bypasses dirty tracking: "
		       "saving all of guest RAM (full) instead of an incremental snapshot\n",
		       vm->name, v->dev[v->dma_dev].name);
	return true;
}

static int save_locked(struct snap_store *st, struct hv_vm *vm, const struct snap_options *o,
		       struct snap_meta *out)
{
	static struct snap_writer w;
	static struct snap_store_tx tx;
	struct snap_meta m;
	struct snap_sink sink;
	struct snap_progress pr;
	uint64_t npages = vm->ram_size / PAGE_SIZE, nset = npages, max;
	bool delta = o->incremental;
	int rc;

	memset(&m, 0, sizeof(m));
	rc = snap_vm_config(vm, &m.cfg);
	if (rc)
		return rc;
	if (delta_unsafe(&vs, delta, vm))
		delta = false;
	if (delta) {
		if (last.vm != vm || !vm->dirty_track || !snap_store_find(st, last.id)) {
			log_err("snapshot: no parent for an incremental snapshot of %s (take a full "
				"one first)",
				vm->name);
			return -ENOENT;
		}
		arch_hv_dirty_collect(vm); /* hardware dirty state (DBM) into vm->dirty */
		nset = popcount_bitmap(vm->dirty, (npages + 63) / 64);
		m.parent = last.id;
		m.flags = SNAP_FLAG_INCR;
		memcpy(m.parent_digest, last.digest, 32);
	}
	m.arch = SNAP_ARCH_AARCH64;
	m.created = timestamp_ns();
	snprintf(m.desc, sizeof(m.desc), "%s", o->desc ? o->desc : "");
	snprintf(m.name, sizeof(m.name), "%s", vm->name);
	max = snap_data_off(vm->nvcpus + 4) + vm->nvcpus * (SNAP_VCPU_BYTES + 8) +
	      snap_vgic_bytes(vm->nvcpus) + SNAP_UART_BYTES + SNAP_VPCI_MAX_BYTES + 64 +
	      (delta ? snap_mem_delta_size(npages, nset) : SNAP_MEM_HDR + vm->ram_size);
	rc = snap_store_begin(st, max, &tx, &sink);
	if (rc)
		return rc;
	m.id = tx.rec.id;
	pages_saved = nset;
	snap_progress_init(&pr, "saved", nset * PAGE_SIZE);
	rc = snap_writer_begin(&w, &m, vm->nvcpus + 4, &sink);
	if (!rc)
		rc = write_state(&w, vm);
	if (!rc)
		rc = write_vpci(&w, &vs);
	if (!rc)
		rc = write_memory(&w, vm, delta, nset, &pr);
	if (!rc)
		rc = snap_writer_finish(&w, out);
	if (rc) {
		snap_store_abort(&tx);
		return rc;
	}
	return snap_store_commit(&tx, out, o->verify);
}

int snap_save(struct snap_store *st, struct hv_vm *vm, const struct snap_options *o, uint64_t *id)
{
	struct snap_meta m;
	char hex[SHA256_HEX_SIZE], note[40];
	bool was_running = vm->state == HV_VM_RUNNING;
	uint64_t t0 = timestamp_ns(), t1;
	int rc;

	if (vm->state != HV_VM_RUNNING && vm->state != HV_VM_PAUSED) {
		log_err("snapshot: %s is %s: only a running or paused VM can be saved", vm->name,
			hv_vm_state_name(vm->state));
		return -EINVAL;
	}
	rc = hv_vm_pause_sync(vm, PAUSE_TIMEOUT_NS);
	if (!rc)
		rc = snap_vpci_prepare(vm, &vs); /* refusals before anything is stored */
	if (!rc) {
		rc = save_locked(st, vm, o, &m);
		snap_vpci_finish(&vs); /* command registers (bus master) as the guest had them */
	}
	t1 = timestamp_ns();
	if (!rc) {
		snap_ram_sha256(vm, hex);
		console_printf(
			"snapshot %llu saved: %s, parent %llu, %llu bytes in %llu ms%s%s, "
			"ram sha256 %s, %llu pages%s\n",
			(unsigned long long)m.id, m.parent ? "incremental" : "full",
			(unsigned long long)m.parent, (unsigned long long)m.total,
			(unsigned long long)((t1 - t0) / NSEC_PER_MSEC),
			o->verify ? ", verified" : "", snap_guest_note(vm, note, sizeof(note)), hex,
			(unsigned long long)pages_saved,
			o->incremental && !m.parent ? ", incremental saved in full (DMA)" : "");
		snap_set_last(vm, m.id, m.digest);
		*id = m.id;
		/* The next incremental snapshot holds what is written from now on. */
		rc = arch_hv_dirty_start(vm);
	}
	if (was_running)
		hv_vm_resume(vm);
	return rc;
}
