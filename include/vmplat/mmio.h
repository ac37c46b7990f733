// SPDX-License-Identifier: MIT
/*
 * MMIO accessors: mmio_read{8,16,32,64}(addr), mmio_write{8,16,32,64}(addr, v).
 * Each is one load or store instruction with the ordering the arch needs
 * (arch/<arch>/include/arch/mmio.h; host tests use tests/fakes/).
 */
#ifndef VMPLAT_MMIO_H
#define VMPLAT_MMIO_H

#include <vmplat/types.h>
#include <arch/mmio.h>

#endif
