# SPDX-License-Identifier: MIT
"""Minimal flattened device tree (DTB) reader for test inputs (devicetree spec v0.4, ch. 5)."""
import struct

FDT_MAGIC = 0xd00dfeed
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9
HEADER = struct.Struct('>10I')  # magic totalsize off_struct off_strings off_rsvmap version
                                # last_comp_version boot_cpuid size_strings size_struct


def header(blob):
    h = HEADER.unpack_from(blob)
    if h[0] != FDT_MAGIC:
        raise ValueError('not a DTB (magic %#x)' % h[0])
    keys = ('magic totalsize off_struct off_strings off_rsvmap version last_comp_version '
            'boot_cpuid size_strings size_struct').split()
    return dict(zip(keys, h))


def props(blob):
    """Yield (node_path, prop_name, offset_of_prop_token) for every property."""
    h = header(blob)
    off, end = h['off_struct'], h['off_struct'] + h['size_struct']
    path = []
    while off < end:
        (tag,) = struct.unpack_from('>I', blob, off)
        off += 4
        if tag == FDT_BEGIN_NODE:
            nul = blob.index(b'\0', off)
            path.append(blob[off:nul].decode())
            off = (nul + 4) & ~3
        elif tag == FDT_END_NODE:
            path.pop()
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack_from('>II', blob, off)
            s = h['off_strings'] + nameoff
            name = blob[s:blob.index(b'\0', s)].decode()
            yield '/' + '/'.join(p for p in path if p), name, off - 4
            off = (off + 8 + length + 3) & ~3
        elif tag == FDT_NOP:
            continue
        elif tag == FDT_END:
            return
        else:
            raise ValueError('bad tag %d at %#x' % (tag, off - 4))


def corrupt_nameoff(blob, node_prefix):
    """Point the name of the first property under node_prefix past the strings block.
    libfdt's fdt_check_full() rejects it (-FDT_ERR_BADOFFSET), while lookups by name
    elsewhere in the tree (what QEMU does to a -dtb: /chosen, /memory) still work."""
    h = header(blob)
    for node, _name, off in props(blob):
        if node.startswith(node_prefix):
            out = bytearray(blob)
            struct.pack_into('>I', out, off + 8, h['size_strings'] + 0x1000)
            return bytes(out)
    raise ValueError('no property under %s' % node_prefix)
