// SPDX-License-Identifier: MIT
/*
 * Restore (docs/snapshot.md): the chain base..id read and verified in full
 * (structure, CRC32C per section, SHA-256 over each image, parent digests,
 * one VM configuration), and only then the current VM replaced: a new VM
 * of the snapshot's shape gets the chain's memory (full image, then each
 * delta in order) and the last image's vCPU, vGIC and PL011 state, and the
 * assigned PCI functions of its vpci section (checked to be present with the
 * same ids before the running VM is touched), starts with its vCPUs parked,
 * and resumes unless asked to stay paused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/timer.h>
#include "../../hv/passthrough.h"
#include "snap_hv.h"

#define PARK_TIMEOUT_NS (2 * NSEC_PER_SEC)

struct image {
	const struct snap_rec *rec;
	struct snap_store_reader rd;
	struct snap_meta m;
	struct snap_section tab[SNAP_MAX_SECTIONS];
	unsigned nsect;
};

static int verify_chain(struct snap_store *st, uint64_t id, struct image *img, unsigned *n)
{
	const struct snap_rec *chain[SNAP_STORE_MAX];
	int rc = snap_store_chain(st, id, chain, n);

	for (unsigned i = 0; !rc && i < *n; i++) {
		img[i].rec = chain[i];
		snap_store_reader_init(&img[i].rd, st, chain[i]);
		rc = snap_verify(&img[i].rd.src, &img[i].m, img[i].tab, &img[i].nsect);
		if (!rc &&
		    (img[i].m.id != chain[i]->id || memcmp(img[i].m.digest, chain[i]->digest, 32)))
			rc = -EBADMSG;
		if (!rc && i && memcmp(img[i].m.parent_digest, img[i - 1].m.digest, 32)) {
			log_err("snapshot %llu was taken from another parent %llu",
				(unsigned long long)img[i].m.id,
				(unsigned long long)img[i].m.parent);
			rc = -EBADMSG;
		}
		if (!rc && i && memcmp(img[i].m.cfg_hash, img[0].m.cfg_hash, 32))
			rc = snap_check_config(&img[i].m, &img[0].m.cfg);
		if (rc)
			log_err("snapshot %llu: refused: %s (%d)", (unsigned long long)chain[i]->id,
				snap_strerror(rc), rc);
	}
	return rc;
}

static const struct snap_section *section(const struct image *im, uint32_t type, uint32_t idx)
{
	for (unsigned i = 0; i < im->nsect; i++) {
		if (im->tab[i].type == type && im->tab[i].index == idx)
			return &im->tab[i];
	}
	return NULL;
}

static int read_section(const struct image *im, const struct snap_section *s, uint8_t *buf,
			size_t max)
{
	if (!s || s->size > max)
		return -EINVAL;
	return im->rd.src.read(im->rd.src.ctx, s->off, buf, (size_t)s->size);
}

static int load_state(const struct image *im, struct hv_vm *vm)
{
	static uint8_t buf[4096];
	static struct snap_vgic g;
	struct snap_vcpu v;
	struct snap_uart u;
	uint64_t now = arch_counter_read();
	int rc = 0;

	for (unsigned i = 0; i < vm->nvcpus && !rc; i++) {
		rc = read_section(im, section(im, SNAP_SECT_VCPU, i), buf, sizeof(buf));
		if (!rc)
			rc = snap_vcpu_decode(buf, SNAP_VCPU_BYTES, &v);
		if (!rc)
			snap_vcpu_load(&v, now, &vm->vcpu[i]);
	}
	if (!rc)
		rc = read_section(im, section(im, SNAP_SECT_VGIC, 0), buf, sizeof(buf));
	if (!rc)
		rc = snap_vgic_decode(buf, snap_vgic_bytes(vm->nvcpus), &g);
	if (!rc && g.nvcpus != vm->nvcpus)
		rc = -EINVAL;
	if (!rc)
		snap_vgic_load(&g, vm);
	if (!rc && section(im, SNAP_SECT_UART, 0)) {
		rc = read_section(im, section(im, SNAP_SECT_UART, 0), buf, sizeof(buf));
		if (!rc)
			rc = snap_uart_decode(buf, SNAP_UART_BYTES, &u);
		if (!rc)
			snap_uart_load(&u, &vm->uart);
	}
	if (rc)
		log_err("snapshot %llu: state sections refused (%d)", (unsigned long long)im->m.id,
			rc);
	return rc;
}

static int load_memory(const struct image *img, unsigned n, struct hv_vm *vm)
{
	uint8_t *ram = hv_vm_ram_ptr(vm, vm->ram_ipa, vm->ram_size);
	struct snap_progress pr;
	uint64_t total = 0;
	int rc = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct snap_section *s = section(&img[i], SNAP_SECT_MEM_FULL, 0);

		s = s ? s : section(&img[i], SNAP_SECT_MEM_DELTA, 0);
		total += s ? s->size : 0;
	}
	snap_progress_init(&pr, "restored", total);
	for (unsigned i = 0; i < n && !rc; i++) {
		const struct snap_section *s =
			section(&img[i], i ? SNAP_SECT_MEM_DELTA : SNAP_SECT_MEM_FULL, 0);

		rc = s ? snap_mem_apply(&img[i].rd.src, s, vm->ram_ipa, vm->ram_size, ram,
					snap_progress, &pr) :
			 -EINVAL;
		if (s)
			pr.base += s->size;
	}
	arch_hv_sync_guest(ram, vm->ram_size, true);
	return rc;
}

static struct snap_vpci rv;

/* The vpci section of the last image: decoded and its functions found here, or -EXDEV. */
static int vpci_precheck(const struct image *im)
{
	static uint8_t buf[SNAP_VPCI_MAX_BYTES];
	const struct snap_section *s = section(im, SNAP_SECT_VPCI, 0);
	int rc;

	memset(&rv, 0, sizeof(rv));
	if (!im->m.cfg.npci)
		return 0;
	rc = read_section(im, s, buf, sizeof(buf));
	if (!rc)
		rc = snap_vpci_decode(buf, (size_t)s->size, &rv);
	if (!rc)
		rc = snap_vpci_match_config(&rv, &im->m.cfg);
	if (!rc)
		rc = snap_vpci_precheck(&rv);
	if (rc)
		log_err("snapshot %llu: assigned PCI functions refused (%d)",
			(unsigned long long)im->m.id, rc);
	return rc;
}

/* The functions the snapshot had, behind a new bridge (the guest DTB is in the restored RAM). */
static int vpci_setup(struct hv_vm *vm)
{
	int rc;

	if (!rv.nfn)
		return 0;
	rc = snap_vpci_queue(&rv);
	return rc ? rc : hv_pt_setup_restored(vm);
}

/* vCPUs loaded but parked: started with power OFF, paused, then given their saved power. */
static int start_parked(struct hv_vm *vm)
{
	enum hv_power power[HV_MAX_VCPUS];
	int rc;

	for (unsigned i = 0; i < vm->nvcpus; i++) {
		power[i] = vm->vcpu[i].power;
		vm->vcpu[i].power = HV_CPU_OFF;
	}
	rc = hv_vm_start(vm);
	if (!rc)
		rc = hv_vm_pause_sync(vm, PARK_TIMEOUT_NS);
	for (unsigned i = 0; i < vm->nvcpus; i++)
		vm->vcpu[i].power = power[i];
	return rc;
}

static int build_vm(const struct image *img, unsigned n, struct hv_vm **out)
{
	const struct snap_meta *m = &img[n - 1].m;
	/* The saved VM's name (console lines, listings); "snap" for an image without one. */
	struct hv_vm_config cfg = { m->name[0] ? m->name : "snap", m->cfg.nvcpus, m->cfg.ram_size };
	struct snap_config have;
	struct hv_vm *vm;
	int rc;

	rc = vpci_precheck(&img[n - 1]);
	if (rc)
		return rc;
	hv_set_current_vm(NULL); /* the old VM goes (its devices reset): CPUs, RAM, devices */
	rc = hv_vm_create(&cfg, &vm);
	if (rc)
		return rc;
	rc = vpci_setup(vm);
	if (!rc)
		rc = snap_vm_config(vm, &have);
	if (!rc)
		rc = snap_check_config(m, &have);
	if (!rc)
		rc = load_memory(img, n, vm);
	if (!rc)
		rc = load_state(&img[n - 1], vm);
	if (!rc && rv.nfn)
		rc = snap_vpci_load(vm, &rv);
	if (!rc)
		rc = start_parked(vm);
	if (!rc)
		rc = arch_hv_dirty_start(vm);
	if (rc) {
		hv_vm_stop(vm);
		hv_vm_destroy(vm);
		return rc;
	}
	*out = vm;
	return 0;
}

int snap_restore(struct snap_store *st, uint64_t id, bool paused, struct hv_vm **out)
{
	struct image *img = calloc(SNAP_STORE_MAX, sizeof(*img));
	char hex[SHA256_HEX_SIZE], note[40];
	uint64_t t0 = timestamp_ns(), t1;
	unsigned n = 0;
	int rc;

	if (!img)
		return -ENOMEM;
	rc = verify_chain(st, id, img, &n);
	if (!rc)
		rc = build_vm(img, n, out);
	t1 = timestamp_ns();
	if (!rc) {
		snap_ram_sha256(*out, hex);
		console_printf("snapshot %llu restored: chain of %u, %llu ms%s, ram sha256 %s%s\n",
			       (unsigned long long)id, n,
			       (unsigned long long)((t1 - t0) / NSEC_PER_MSEC),
			       snap_guest_note(*out, note, sizeof(note)), hex,
			       paused ? ", paused" : "");
		hv_set_current_vm(*out);
		snap_set_last(*out, id, img[n - 1].m.digest);
		if (!paused)
			hv_vm_resume(*out);
	}
	free(img);
	return rc;
}
