# SPDX-License-Identifier: MIT
# arm64 Image given to QEMU virt with -kernel; virtualization=on starts it at EL2.
import re

import vmrunner

SCENARIO = dict(
    name='aarch64_el2',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    # A display, so the GPU self-tests have their hardware (x86 q35 has VGA built in).
    extra_args=['-device', 'bochs-display'],
    timeout=90,
    description='virt GICv3, entered at EL2 (-kernel): self-tests',
)

# core/st_crypto.c names the SHA-256 and CRC32C implementations in use.
CRYPTO_RE = re.compile(r'# crypto: sha256 (\S+), crc32c (\S+)')


def crypto_checks(log, res, sha, crc):
    """The self-test results, and that the accelerated SHA-256/CRC32C were the
    ones tested: cortex-a72 has the SHA2 and CRC32 instructions."""
    m = CRYPTO_RE.search(log.replace('\r', ''))
    got = m.groups() if m else None
    return res.standard_checks() + [vmrunner.Check(
        'crypto_accelerated', got == (sha, crc),
        'in use %s, want sha256 %s, crc32c %s' % (got or 'unknown (no "# crypto:" line)', sha, crc))]


def check(log, res):
    return crypto_checks(log, res, 'ce', 'arm')
