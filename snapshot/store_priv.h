// SPDX-License-Identifier: MIT
/* Between snapshot/store.c and store_tx.c. */
#ifndef SNAPSHOT_STORE_PRIV_H
#define SNAPSHOT_STORE_PRIV_H

#include <vmplat/snapshot.h>

/* Write the older slot with generation + 1 holding rec[0..n), flush; it becomes current. */
int snap_store_commit_slot(struct snap_store *s, const struct snap_rec *rec, unsigned n);

#endif
