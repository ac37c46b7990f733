// SPDX-License-Identifier: MIT
/* Between snapshot/format.c and snapshot/config.c: the configuration's encoding. */
#ifndef SNAPSHOT_FORMAT_PRIV_H
#define SNAPSHOT_FORMAT_PRIV_H

#include <vmplat/snapshot.h>

#define SNAP_CFG_SIZE	  64		     /* ram_ipa, ram_size, nvcpus, ndevs, dev[8], npci, 0 */
#define SNAP_CFG_PCI_SIZE (4 * SNAP_MAX_PCI) /* pci_id[8] */

void snap_cfg_encode(const struct snap_config *c, uint8_t *p, uint8_t *pci);
void snap_cfg_decode(const uint8_t *p, const uint8_t *pci, struct snap_config *c);
/* SHA-256 over the encoded configuration p followed by pci. */
void snap_cfg_hash_raw(const uint8_t *p, const uint8_t *pci, uint8_t out[32]);
/* -EINVAL unless the decoded configuration is one a writer can produce. */
int snap_cfg_check(const struct snap_config *c);

#endif
