#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the seed corpora of the fuzz harnesses (tests/fuzz/corpus/<name>/).

Run from the repository root: python3 tests/fuzz/mkseeds.py [name...]
Seeds come from real inputs where the machine has them (QEMU virt DTBs via
-machine ...,dumpdtb=, SeaBIOS's VGA ROMs and DSDT, console-setup's PSF
fonts, Debian's bzImage head, the payloads tests/unit/elf builds, the bytes
QEMU/OVMF gave that tests/unit/{dmar,pci_acpi,edid,arm64image} recorded);
the ACPI tables are built here in the shape QEMU q35 gives them (ACPI 6.5,
chapter 5). Each seed is small (< 64 KiB); the output is deterministic.
"""
import gzip
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")


def out(name, fname, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    assert len(data) < 64 * 1024, (name, fname, len(data))
    with open(os.path.join(d, fname), "wb") as f:
        f.write(data)


def c_array(path, var):
    """The bytes of `static const uint8_t var[...] = { ... };` in a test file."""
    src = open(os.path.join(ROOT, path)).read()
    m = re.search(r"\b%s\[[^\]]*\]\s*=\s*\{(.*?)\};" % re.escape(var), src, re.S)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    return bytes(int(x, 0) for x in re.findall(r"0x[0-9a-fA-F]+|\b\d+\b", body))


# ---- ACPI (ACPI 6.5, 5.2) ----
def sdt(sig, body, rev=1):
    hdr = bytearray(sig + struct.pack("<IBB", 36 + len(body), rev, 0) + b"BOCHS BXPC    " +
                    struct.pack("<I", 1) + b"BXPC" + struct.pack("<I", 1))
    t = hdr + body
    t[9] = (0x100 - sum(t) % 256) % 256
    return bytes(t)


def gas(space, width, addr):
    return struct.pack("<BBBBQ", space, width, 0, 0, addr)


def acpi():
    madt = struct.pack("<II", 0xfee00000, 1)
    for i in range(4):
        madt += struct.pack("<BBBBI", 0, 8, i, i, 1)  # Local APIC (5.2.12.2)
    madt += struct.pack("<BBBBII", 1, 12, 0, 0, 0xfec00000, 0)  # I/O APIC
    madt += struct.pack("<BBBBIH", 2, 10, 0, 0, 2, 0)  # IRQ0 -> GSI2
    madt += struct.pack("<BBBBIH", 2, 10, 0, 9, 9, 0xd)
    madt += struct.pack("<BBHII", 9, 16, 0, 4, 1) + struct.pack("<I", 4)  # x2APIC
    madt += struct.pack("<BBHQ", 5, 12, 0, 0xfee00000)  # LAPIC address override
    madt += struct.pack("<BBBHB", 4, 6, 0xff, 0, 1)  # LAPIC NMI
    out("acpi", "q35-madt.bin", sdt(b"APIC", madt, 1))

    fadt = bytearray(244 - 36)
    struct.pack_into("<II", fadt, 0, 0x7ffe0000, 0x7ffe1000)  # FACS, DSDT (36, 40)
    struct.pack_into("<H", fadt, 46 - 36, 9)  # SCI_INT
    struct.pack_into("<IBB", fadt, 48 - 36, 0xb2, 0xf1, 0xf0)  # SMI_CMD, enable/disable
    struct.pack_into("<I", fadt, 56 - 36, 0x600)  # PM1a_EVT_BLK
    struct.pack_into("<I", fadt, 64 - 36, 0x604)  # PM1a_CNT_BLK
    struct.pack_into("<I", fadt, 76 - 36, 0x608)  # PM_TMR_BLK
    struct.pack_into("<I", fadt, 80 - 36, 0x620)  # GPE0_BLK
    fadt[88 - 36:92 - 36] = bytes([4, 2, 0, 4])  # PM1_EVT_LEN, PM1_CNT_LEN, PM2, PM_TMR_LEN
    fadt[92 - 36] = 16  # GPE0_BLK_LEN
    struct.pack_into("<I", fadt, 112 - 36, 0x84a5 | 1 << 10)  # flags incl. RESET_REG_SUP
    fadt[116 - 36:128 - 36] = gas(1, 8, 0xcf9)  # RESET_REG
    fadt[128 - 36] = 0x0f
    struct.pack_into("<Q", fadt, 140 - 36, 0x7ffe1000)  # X_DSDT
    fadt[148 - 36:160 - 36] = gas(1, 32, 0x600)
    fadt[172 - 36:184 - 36] = gas(1, 16, 0x604)
    fadt[208 - 36:220 - 36] = gas(1, 32, 0x608)
    out("acpi", "q35-fadt.bin", sdt(b"FACP", bytes(fadt), 3))
    out("acpi", "pc-fadt-v1.bin", sdt(b"FACP", bytes(fadt[:116 - 36]), 1))
    out("acpi", "q35-mcfg.bin",
        sdt(b"MCFG", bytes(8) + struct.pack("<QHBBI", 0xb0000000, 0, 0, 0xff, 0), 1))
    out("acpi", "q35-hpet.bin",
        sdt(b"HPET", struct.pack("<I", 0x8086a201) + gas(0, 0, 0xfed00000) +
            struct.pack("<BHB", 0, 0, 0), 1))
    tables = [0x7ffe2000, 0x7ffe3000, 0x7ffe4000, 0x7ffe5000]
    out("acpi", "q35-xsdt.bin", sdt(b"XSDT", b"".join(struct.pack("<Q", a) for a in tables)))
    out("acpi", "q35-rsdt.bin", sdt(b"RSDT", b"".join(struct.pack("<I", a) for a in tables)))
    rsdp = bytearray(b"RSD PTR " + bytes(1) + b"BOCHS " + bytes([2]) +
                     struct.pack("<IIQ", 0x7ffe6000, 36, 0x7ffe7000) + bytes(4))
    rsdp[8] = (0x100 - sum(rsdp[:20]) % 256) % 256
    rsdp[32] = (0x100 - sum(rsdp) % 256) % 256
    out("acpi", "q35-rsdp.bin", bytes(rsdp))
    # QEMU's \_S5: Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }) (7.4.2)
    aml = b"\x10\x0d\\_SB_" + b"\x08_S5_\x12\x06\x04\x0a\x05\x00\x00\x00" + b"\x08\\_S5_\x12\x06\x04\x00\x00\x00\x00"
    out("acpi", "q35-dsdt-s5.bin", sdt(b"DSDT", aml, 1))
    seabios = "/usr/share/seabios/acpi-dsdt.aml"
    if os.path.exists(seabios):
        out("acpi", "seabios-dsdt.aml", open(seabios, "rb").read())


def dmar():
    t = c_array("tests/unit/dmar/test_dmar.c", "qemu_dmar")
    out("dmar", "qemu-q35-intremap.bin", t)
    # + an RMRR for device 00:1f.0 (8.4)
    rmrr = struct.pack("<HHHHQQ", 1, 24 + 8, 0, 0, 0x7f000000, 0x7f0fffff) + bytes([1, 8, 0, 0, 0, 0, 0x1f, 0])
    t2 = bytearray(t + rmrr)
    struct.pack_into("<I", t2, 4, len(t2))
    out("dmar", "qemu-q35-rmrr.bin", bytes(t2))


def pci_acpi():
    for v in ("ovmf_q35", "ovmf_pc"):
        out("pci_acpi", v.replace("_", "-") + ".bin",
            c_array("tests/unit/pci_acpi/test_acpi_windows.c", v))


def edid():
    out("edid", "qemu-bochs-display.bin", c_array("tests/unit/edid/test_edid.c", "qemu_edid"))


def rom():
    for f in ("vgabios-stdvga.bin", "vgabios-bochs-display.bin"):
        p = "/usr/share/seabios/" + f
        if os.path.exists(p):
            out("rom", f, open(p, "rb").read())
    # An x86 image then an EFI image (PCI FW 3.0 5.1; UEFI 2.10 14.4.2).
    def image(code, last, units, efi):
        b = bytearray(units * 512)
        b[0:2] = b"\x55\xaa"
        b[2] = units
        if efi:
            struct.pack_into("<HIHHHHH", b, 2, units, 0x0ef1, 10, 0x8664, 0, 0x1c, 0)
        struct.pack_into("<H", b, 0x18, 0x1c)
        pcir = b"PCIR" + struct.pack("<HHHHBBBBHHBBH", 0x1af4, 0x1000, 0, 0x18, 3, 0, 0, 2,
                                     units, 0, code, 0x80 if last else 0, 0)
        b[0x1c:0x1c + len(pcir)] = pcir
        if not efi:
            b[-1] = (0x100 - sum(b) % 256) % 256
        return bytes(b)
    out("rom", "x86-efi-chain.bin", image(0, False, 2, False) + image(3, True, 4, True))


def psf():
    for f in ("Lat15-Fixed16.psf.gz", "Uni2-Terminus16.psf.gz"):
        p = "/usr/share/consolefonts/" + f
        if os.path.exists(p):
            out("psf", f[:-3], gzip.open(p).read())
    p = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"
    if os.path.exists(p):
        out("psf", "Uni2-Terminus16-psf2.psf", psf1_to_psf2(gzip.open(p).read()))


def psf1_to_psf2(d):
    """The same font as PSF2 (header 32 bytes, UTF-8 unicode table)."""
    mode, h = d[2], d[3]
    n = 512 if mode & 1 else 256
    glyphs = d[4:4 + n * h]
    tab, pos = bytearray(), 4 + n * h
    for _ in range(n if mode & 2 else 0):
        while pos + 2 <= len(d):
            u = struct.unpack_from("<H", d, pos)[0]
            pos += 2
            if u == 0xffff:
                break
            tab += b"\xfe" if u == 0xfffe else chr(u).encode("utf-8", "surrogatepass")
        tab += b"\xff"
    hdr = struct.pack("<IIIIIIII", 0x864ab572, 0, 32, 1 if tab else 0, n, h, h, 8)
    return hdr + glyphs + bytes(tab)


def arm64image():
    hdr = c_array("tests/unit/arm64image/test_image.c", "debian_hdr")
    body = hdr + bytes(range(256)) * 16
    out("arm64image", "debian-hdr.bin", hdr)
    out("arm64image", "debian-image-head.bin", body)
    out("arm64image", "debian-image-head.gz", gzip.compress(body, 9, mtime=0))
    legacy = bytearray(hdr)
    struct.pack_into("<QQ", legacy, 8, 0x80000, 0)  # image_size 0: before 3.17
    out("arm64image", "legacy.gz", gzip.compress(bytes(legacy) + bytes(4096), 1, mtime=0))


def inflate():
    text = open(os.path.join(ROOT, "README.md"), "rb").read()[:16384]
    for lvl, strat, tag in ((0, zlib.Z_DEFAULT_STRATEGY, "stored"), (1, zlib.Z_DEFAULT_STRATEGY, "l1"),
                            (9, zlib.Z_DEFAULT_STRATEGY, "l9"), (6, zlib.Z_FIXED, "fixed"),
                            (6, zlib.Z_HUFFMAN_ONLY, "huffman"), (6, zlib.Z_RLE, "rle")):
        c = zlib.compressobj(lvl, zlib.DEFLATED, -15, 8, strat)
        out("inflate", "readme-%s.deflate" % tag, c.compress(text) + c.flush())
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out("inflate", "zeros.deflate", c.compress(bytes(65536)) + c.flush())


def bzimage():
    k = os.path.join(ROOT, "build/linux-cache/x86_64/vmlinuz")
    if not os.path.exists(k):
        print("mkseeds: no %s (scripts/fetch-kernels.sh)" % k, file=sys.stderr)
        return
    data = open(k, "rb").read(4096)
    size = os.path.getsize(k)
    out("bzimage", "debian-head-1k.bin", struct.pack("<Q", size) + data[:1024])
    out("bzimage", "debian-head-4k.bin", struct.pack("<Q", size) + data)


def elf():
    src = os.path.join(ROOT, "tests/unit/elf/payload.c.txt")
    flags = ["-O1", "-static", "-nostdlib", "-no-pie", "-fno-pic", "-fno-stack-protector",
             "-Wl,--build-id=none", "-Wl,-Ttext-segment=0x400000", "-Wl,-z,max-page-size=4096",
             "-s", "-x", "c", src]
    with tempfile.TemporaryDirectory() as tmp:
        for cc, name in (("gcc", "x86_64"), ("aarch64-linux-gnu-gcc", "aarch64")):
            o = os.path.join(tmp, name)
            if subprocess.call([cc] + flags + ["-o", o]) == 0:
                out("elf", "payload-%s.elf" % name, open(o, "rb").read())


def smmu_evt():
    def rec(eid, sid, d1=0, d2=0, d3=0, ssid=None):
        d0 = eid | sid << 32 | ((1 << 11 | ssid << 12) if ssid is not None else 0)
        return struct.pack("<QQQQ", d0, d1, d2, d3)
    rw = 1 << 35
    recs = [rec(0x10, 0x8, rw | 1 << 40, 0x80000000),  # F_TRANSLATION, read, class IN
            rec(0x10, 0x10, 1 << 39 | 1 << 40, 0x1000, 0x40001000),  # stage 2 write
            rec(0x13, 0x8, 0, 0xfee00000, 0, 3),  # F_PERMISSION with a substream
            rec(0x04, 0x18), rec(0x02, 0x10000),  # C_BAD_STE, C_BAD_STREAMID
            rec(0x03, 0x8, 0, 0, 0x40000040),  # F_STE_FETCH
            rec(0x25, 0x8, 0, 0, 0x40002008), rec(0xff, 0xffffffff, ~0 & (2**64 - 1))]
    out("smmu_evt", "qemu-events.bin", b"".join(recs))
    out("smmu_evt", "translation.bin", recs[0])


def vpci():
    cfg = bytearray(256)
    struct.pack_into("<HHHH", cfg, 0, 0x1b36, 0x0010, 0x0006, 0x0010)  # QEMU NVMe, status CAP_LIST
    struct.pack_into("<I", cfg, 8, 0x01080202)
    cfg[0x0e] = 0x80
    cfg[0x34] = 0x40
    cfg[0x3d] = 1
    for off, cid, nxt in ((0x40, 0x05, 0x50), (0x50, 0x01, 0x60), (0x60, 0x09, 0x70),
                          (0x70, 0x10, 0xb0), (0xb0, 0x11, 0)):
        cfg[off], cfg[off + 1] = cid, nxt
    struct.pack_into("<H", cfg, 0x72, 2)
    # BAR0 mem32 1 MiB, BAR2/3 mem64 prefetchable 16 KiB, BAR4 256 bytes (not passed)
    head = bytes([1, 20, 0, 0x80 | 0x40 | 14, 0, 8, 0]) + bytes(cfg)

    def op(write, size, off, val=0):
        lg = {1: 0, 2: 1, 4: 2}[size]
        return bytes([int(write) | lg << 1]) + struct.pack("<I", off) + struct.pack("<Q", val << 8)[1:]
    dev = 1 << 15
    ops = [op(0, 4, dev + 0), op(0, 4, dev + 4), op(0, 4, dev + 0x34), op(0, 4, dev + 0x40),
           op(0, 4, dev + 0x50), op(0, 4, dev + 0x70), op(0, 4, dev + 0x100),
           op(1, 4, dev + 0x10, 0xffffffff), op(0, 4, dev + 0x10),
           op(1, 4, dev + 0x10, 0x10000000), op(1, 4, dev + 0x18, 0x10100000), op(1, 4, dev + 0x1c, 0),
           op(1, 2, dev + 4, 0x0006), op(0, 2, dev + 4), op(1, 4, dev + 0x10, 0x10200000),
           op(1, 1, dev + 0x3c, 0x0b), op(0, 1, dev + 0x3d), op(1, 2, dev + 4, 0), op(0, 4, 0)]
    out("vpci", "nvme-size-map.bin", head + b"".join(ops))


def fdt():
    with tempfile.TemporaryDirectory() as tmp:
        for name, mach in (("qemu-virt-gicv3-el2-smmu.dtb",
                            "virt,gic-version=3,virtualization=on,iommu=smmuv3"),
                           ("qemu-virt-gicv3.dtb", "virt,gic-version=3")):
            o = os.path.join(tmp, name)
            cmd = ["qemu-system-aarch64", "-accel", "tcg", "-machine", mach + ",dumpdtb=" + o,
                   "-cpu", "cortex-a57", "-smp", "4", "-m", "1G", "-display", "none"]
            if subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=30) == 0 and os.path.exists(o):
                # QEMU pads the blob to 1 MiB: dtc packs it (same tree).
                packed = subprocess.check_output(["dtc", "-q", "-I", "dtb", "-O", "dtb", o])
                out("fdt", name, packed)
                out("arm64fdt", name, packed)
        for d in ("tests/unit/fdt", "tests/unit/fdt_smmu"):
            for f in sorted(os.listdir(os.path.join(ROOT, d))):
                if not f.endswith(".dts"):
                    continue
                o = os.path.join(tmp, f[:-4] + ".dtb")
                if subprocess.call(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", os.path.join(ROOT, d),
                                    "-o", o, os.path.join(ROOT, d, f)]) == 0:
                    out("fdt", os.path.basename(d) + "-" + f[:-4] + ".dtb", open(o, "rb").read())


ALL = dict(acpi=acpi, dmar=dmar, pci_acpi=pci_acpi, edid=edid, rom=rom, psf=psf,
           arm64image=arm64image, inflate=inflate, bzimage=bzimage, elf=elf, smmu_evt=smmu_evt,
           vpci=vpci, fdt=fdt)

if __name__ == "__main__":
    for n in sys.argv[1:] or ALL:
        ALL[n]()
