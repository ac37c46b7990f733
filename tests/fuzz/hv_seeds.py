#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seed corpora of the hypervisor harnesses (tests/fuzz/hv_mmio.c, hv_sysreg.c).

Run from the repository root: python3 tests/fuzz/hv_seeds.py
Writes tests/fuzz/corpus/hv_mmio/ and tests/fuzz/corpus/hv_sysreg/ (deterministic):
the register accesses Linux's irq-gic-v3 driver makes at probe (distributor
IDs, SPI configuration, redistributor wake-up and SGI frame, then ICC_SGI1R
IPIs), an amba-pl011 probe and console set-up with input echoed back, PSCI
secondary start-up, a vPCI config scan; for hv_sysreg the same IPIs, the
debug/PMU registers Linux's perf and hw_breakpoint probes touch, and a few
undefined ones.
"""
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")

GICD, GICR0, PL011, ECAM = 0, 1, 10, 11
ISV, WNR, SF = 1 << 24, 1 << 6, 1 << 15
PSCI_FIDS = ["VERSION", "SUSPEND32", "SUSPEND64", "CPU_OFF", "CPU_ON32", "CPU_ON64",
             "AFF32", "AFF64", "MIGRATE", "SYSTEM_OFF", "SYSTEM_RESET", "FEATURES",
             "SMCCC_VERSION", "SMCCC_ARCH_FEATURES"]


def out(name, fname, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "wb") as f:
        f.write(data)


def rec(op, vcpu=0, p=0, region=0, sub=0, off=0, val=0):
    return struct.pack("<BBIBBIQ", op, vcpu, p, region, sub, off, val)


def mmio(region, off, size, write=False, val=0, reg=1, vcpu=0):
    sas = {1: 0, 2: 1, 4: 2, 8: 3}[size]
    iss = ISV | sas << 22 | reg << 16 | (SF if size == 8 else 0) | (WNR if write else 0)
    return rec(0x80, vcpu, iss, region, 0, off, val)


def rd(region, off, size=4, vcpu=0):
    return mmio(region, off, size, vcpu=vcpu)


def wr(region, off, val, size=4, vcpu=0):
    return mmio(region, off, size, True, val, vcpu=vcpu)


def sgi_raw(val, vcpu=0):
    return rec(8, vcpu, 1, val=val)


def psci(name, mpidr_vcpu=0, entry_off=0, vcpu=0, aff_level=None):
    p = PSCI_FIDS.index(name) | (mpidr_vcpu << 8)
    if aff_level is not None:
        p |= (0x40 | aff_level) << 16
    return rec(9, vcpu, p, off=entry_off, val=0x1234)


def gic_probe(nvcpus):
    """drivers/irqchip/irq-gic-v3.c: gic_of_init .. gic_cpu_init, then IPIs."""
    r = [rd(GICD, 0xffe8), rd(GICD, 0x4), rd(GICD, 0xc), rd(GICD, 0x8),
         wr(GICD, 0x0, 0), rd(GICD, 0x0)]
    for i in range(32, 96, 16):  # gic_dist_config: all SPIs level, low-active
        r.append(wr(GICD, 0xc00 + i // 4, 0))
    for i in range(32, 96, 4):
        r.append(wr(GICD, 0x400 + i, 0xa0a0a0a0))
    for i in range(32, 96, 32):
        r += [wr(GICD, 0x380 + i // 8, 0xffffffff), wr(GICD, 0x180 + i // 8, 0xffffffff),
              wr(GICD, 0x80 + i // 8, 0xffffffff)]
    r += [wr(GICD, 0x0, 0x12), rd(GICD, 0x0)]
    for i in range(32, 96):
        r.append(wr(GICD, 0x6000 + 8 * i, 0, size=8))
    for c in range(nvcpus):  # gic_populate_rdist + gic_enable_redist + gic_cpu_config
        f = GICR0 + c
        r += [rd(f, 0xffe8, vcpu=c), rd(f, 0x8, 8, vcpu=c), wr(f, 0x14, 0, vcpu=c),
              rd(f, 0x14, vcpu=c), wr(f, 0x10080, 0xffffffff, vcpu=c),
              wr(f, 0x10380, 0xffffffff, vcpu=c), wr(f, 0x10180, 0xffff0000, vcpu=c),
              wr(f, 0x10100, 0x0000ffff, vcpu=c)]
        for i in range(0, 32, 4):
            r.append(wr(f, 0x10400 + i, 0xa0a0a0a0, vcpu=c))
        r += [wr(f, 0x10c04, 0, vcpu=c), wr(f, 0x10100, 1 << 27, vcpu=c)]
    r += [sgi_raw(1 << 24 | ((1 << nvcpus) - 2)), sgi_raw(2 << 24 | 1 << 40)]
    r += [rec(10, 0, 27), rec(11), rec(12, 0, 0xff), rec(11, 1), rec(12, 1, 0xff)]
    return bytes([nvcpus - 1]) + b"".join(r)


def pl011_init():
    """drivers/tty/serial/amba-pl011.c: AMBA ID probe, pl011_startup, set_termios, echo."""
    r = [rd(PL011, 0xfe0 + 4 * i) for i in range(8)]
    r += [wr(PL011, 0x30, 0), rd(PL011, 0x18), wr(PL011, 0x44, 0x7ff), wr(PL011, 0x38, 0),
          wr(PL011, 0x24, 1), wr(PL011, 0x28, 40), wr(PL011, 0x2c, 0x70), wr(PL011, 0x34, 0x12),
          wr(PL011, 0x30, 0x301), wr(PL011, 0x38, 0x50), wr(GICD, 0x0, 0x2),
          wr(GICD, 0x104, 1 << 1), wr(GICD, 0x6000 + 8 * 33, 0, size=8)]
    for ch in b"vmplat login: ":
        r.append(wr(PL011, 0x0, ch, size=1))
    r += [rec(13, 0, 6, off=0x6c6f6f72, val=0x0a0a0a0a0a0a0a74), rd(PL011, 0x40), rd(PL011, 0x3c)]
    for _ in range(7):
        r += [rd(PL011, 0x18), rd(PL011, 0x0)]
    r += [wr(PL011, 0x44, 0x50), rd(PL011, 0x40), rec(11), rec(12, 0, 0xff), rec(14)]
    return bytes([0]) + b"".join(r)


def psci_smp():
    r = [psci("VERSION"), psci("FEATURES"), psci("SMCCC_VERSION")]
    for c in range(1, 4):
        r += [psci("CPU_ON64", c, 0x80000), psci("AFF64", c, aff_level=0)]
    r += [psci("CPU_ON64", 9, 0x80000), psci("CPU_ON32", 1, 0), psci("CPU_OFF", vcpu=2),
          psci("AFF32", 2, aff_level=0), sgi_raw(3 << 24 | 0xf), psci("SYSTEM_OFF")]
    return bytes([3]) + b"".join(r)


def vpci_scan():
    r = [rd(ECAM, dev << 15) for dev in range(4)]
    r += [rd(ECAM, 8), wr(ECAM, 0x10, 0xffffffff), rd(ECAM, 0x10), wr(ECAM, 0x10, 0x10000000),
          wr(ECAM, 0x4, 0x6, size=2), rd(ECAM, 0x4, 2), mmio(12, 0, 4)]
    return bytes([8 | 1]) + b"".join(r)


def sysreg(op0, op1, crn, crm, op2, rt=1, read=False, val=0, ctl=0x5):
    iss = op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | int(read)
    return struct.pack("<QQQ", 0x18 << 26 | 1 << 25 | iss, val, ctl)


def sysreg_seeds():
    ipis = [sysreg(3, 0, 12, 11, 5, val=v) for v in (1 << 24 | 0x6, 1 << 40 | 2 << 24, 1 << 16 | 1)]
    out("hv_sysreg", "icc-sgi1r.bin", bytes([3]) + b"".join(ipis))
    dbg = [sysreg(2, 0, 0, 2, 2, read=True), sysreg(2, 0, 1, 1, 4, read=True),
           sysreg(2, 0, 1, 0, 4, val=0), sysreg(2, 0, 0, 0, 4, read=True),
           sysreg(3, 3, 9, 12, 0, read=True), sysreg(3, 0, 9, 14, 2, val=~0 & (2**64 - 1)),
           sysreg(3, 3, 14, 15, 7, read=True), sysreg(3, 3, 9, 14, 0)]
    out("hv_sysreg", "linux-debug-pmu-probe.bin", bytes([0]) + b"".join(dbg))
    undef = [sysreg(3, 0, 15, 0, 0, ctl=0x40080005), sysreg(1, 0, 7, 5, 1, ctl=0x40080000),
             sysreg(3, 3, 14, 0, 1, read=True, ctl=0x40080004),
             sysreg(2, 0, 0, 1, 0, read=True, ctl=0x40080023),  # AArch32 EL0 (T32): +0x600
             sysreg(3, 0, 15, 2, 0, ctl=0x40080003)]
    out("hv_sysreg", "undefined.bin", bytes([0]) + b"".join(undef))


if __name__ == "__main__":
    out("hv_mmio", "linux-gicv3-probe-4cpu.bin", gic_probe(4))
    out("hv_mmio", "linux-gicv3-probe-1cpu.bin", gic_probe(1))
    out("hv_mmio", "pl011-init-echo.bin", pl011_init())
    out("hv_mmio", "psci-smp-boot.bin", psci_smp())
    out("hv_mmio", "vpci-scan.bin", vpci_scan())
    sysreg_seeds()
