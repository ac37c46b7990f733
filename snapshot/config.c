// SPDX-License-Identifier: MIT
/*
 * The VM configuration of a snapshot (docs/snapshot.md): RAM, vCPUs, the
 * emulated device kinds in VM order and, from format version 2, the
 * vendor:device of each function behind a virtual PCI host bridge. Encoded
 * at header offsets 64 (64 bytes) and 288 (32 bytes); its SHA-256 over both
 * binds an image to a VM shape (restoring onto another shape: -EXDEV).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/snapshot.h>
#include "format_priv.h"

/* The configuration: p at header offset 64, pci (the assigned functions' ids) at 288. */
void snap_cfg_encode(const struct snap_config *c, uint8_t *p, uint8_t *pci)
{
	memset(p, 0, SNAP_CFG_SIZE);
	le64_put(p, c->ram_ipa);
	le64_put(p + 8, c->ram_size);
	le32_put(p + 16, c->nvcpus);
	le32_put(p + 20, c->ndevs);
	for (unsigned i = 0; i < SNAP_MAX_DEVS; i++)
		le32_put(p + 24 + 4 * i, i < c->ndevs ? c->dev[i] : 0);
	le32_put(p + 56, c->npci);
	for (unsigned i = 0; i < SNAP_MAX_PCI; i++)
		le32_put(pci + 4 * i, i < c->npci ? c->pci_id[i] : 0);
}

void snap_cfg_decode(const uint8_t *p, const uint8_t *pci, struct snap_config *c)
{
	c->ram_ipa = le64_get(p);
	c->ram_size = le64_get(p + 8);
	c->nvcpus = le32_get(p + 16);
	c->ndevs = le32_get(p + 20);
	for (unsigned i = 0; i < SNAP_MAX_DEVS; i++)
		c->dev[i] = le32_get(p + 24 + 4 * i);
	c->npci = le32_get(p + 56);
	for (unsigned i = 0; i < SNAP_MAX_PCI; i++)
		c->pci_id[i] = le32_get(pci + 4 * i);
}

void snap_cfg_hash_raw(const uint8_t *p, const uint8_t *pci, uint8_t out[32])
{
	struct sha256_ctx sha;

	sha256_init(&sha);
	sha256_update(&sha, p, SNAP_CFG_SIZE);
	sha256_update(&sha, pci, SNAP_CFG_PCI_SIZE);
	sha256_final(&sha, out);
}

void snap_config_hash(const struct snap_config *c, uint8_t out[32])
{
	uint8_t b[SNAP_CFG_SIZE], pci[SNAP_CFG_PCI_SIZE];

	snap_cfg_encode(c, b, pci);
	snap_cfg_hash_raw(b, pci, out);
}

static bool cfg_has_dev(const struct snap_config *c, uint32_t kind)
{
	for (unsigned i = 0; i < c->ndevs && i < SNAP_MAX_DEVS; i++) {
		if (c->dev[i] == kind)
			return true;
	}
	return false;
}

/* Assigned functions only behind a virtual host bridge, each with real ids. */
static int cfg_check_pci(const struct snap_config *c)
{
	if (c->npci > SNAP_MAX_PCI || !c->npci != !cfg_has_dev(c, SNAP_DEV_VPCI))
		return -EINVAL;
	for (unsigned i = 0; i < SNAP_MAX_PCI; i++) {
		uint16_t vendor = (uint16_t)(c->pci_id[i] >> 16);

		if (i < c->npci ? !vendor || vendor == 0xffff : c->pci_id[i] != 0)
			return -EINVAL;
	}
	return 0;
}

int snap_cfg_check(const struct snap_config *c)
{
	if (!c->nvcpus || c->nvcpus > SNAP_MAX_VCPUS || c->ndevs > SNAP_MAX_DEVS)
		return -EINVAL;
	if (cfg_check_pci(c))
		return -EINVAL;
	if (!c->ram_size || c->ram_size > SNAP_MAX_RAM ||
	    !IS_ALIGNED(c->ram_size, SNAP_PAGE_SIZE) || !IS_ALIGNED(c->ram_ipa, SNAP_PAGE_SIZE) ||
	    c->ram_size > UINT64_MAX - c->ram_ipa)
		return -EINVAL;
	for (unsigned i = 0; i < SNAP_MAX_DEVS; i++) {
		if (i < c->ndevs ? (c->dev[i] < SNAP_DEV_VGICD || c->dev[i] > SNAP_DEV_VPCI) :
				   c->dev[i] != 0)
			return -EINVAL;
	}
	return 0;
}

int snap_check_config(const struct snap_meta *m, const struct snap_config *cfg)
{
	uint8_t h[32];

	snap_config_hash(cfg, h);
	if (!memcmp(h, m->cfg_hash, 32))
		return 0;
	log_err("snapshot %llu: taken from a VM with %u vCPUs, %llu MiB at %#llx, %u devices; "
		"this VM has %u vCPUs, %llu MiB at %#llx, %u devices (config hash differs)",
		(unsigned long long)m->id, m->cfg.nvcpus,
		(unsigned long long)(m->cfg.ram_size / MiB), (unsigned long long)m->cfg.ram_ipa,
		m->cfg.ndevs, cfg->nvcpus, (unsigned long long)(cfg->ram_size / MiB),
		(unsigned long long)cfg->ram_ipa, cfg->ndevs);
	return -EXDEV;
}
