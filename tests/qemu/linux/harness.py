#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Debian-kernel acceptance harness (issue 6), python3 stdlib only; shared by
the boot_linux_* scenarios and the bench/boot_*.py benchmarks.

  fetch()                      scripts/fetch-kernels.sh --no-iso: Debian's kernels and
                               busybox-static under build/linux-cache/ (KernelsUnavailable,
                               a RuntimeError, with the reason when they cannot be had:
                               the scenario fails)
  initramfs(arch, out, ...)    cpio newc + gzip: /init (busybox sh) prints MARKER,
                               /proc/cmdline and the sha256 of /payload.bin, then
                               poweroff -f
  make_iso(out, entries, ...)  xorriso ISO with /loader/loader.conf and BLS type #1
                               entries /loader/entries/linux-x64.conf, linux-aa64.conf
  make_set(workdir, rng)       both initramfs + ISO with a random payload and a random
                               token in each entry's options; returns what to expect
  guest_iso(workdir, rng, entry, options, ..., guest=/shell=)
                               fetch() + ISO for the arm64 kernel as an EL2 guest (hv_linux,
                               snap_linux): Image.gz, initramfs, one BLS entry
  parse(log)                   what the kernel's /init printed
  initramfs(..., guest=True)   /init for the EL2 hypervisor's guest (hv_linux): also the CPU
                               count, the PCI functions, and the sha256 of the sector
                               vmplat.lba=<n> of the passed-through NVMe (modules from the
                               kernel .deb: GUEST_MODULES)
  initramfs(..., iommu=True)   /init also prints the kernel's view of the IOMMU (units in
                               /sys/class/iommu, group count, the NVMe's group and domain
                               type), the sha256 of sector vmplat.lba=<n> of /dev/nvme0n1
                               (built-in nvme), the DMAR fault count and the DMAR/IOMMU
                               lines of dmesg (boot_linux_vtd_x86_64)
  initramfs(..., shell=True)   /init ends in an interactive busybox sh on the console
                               (prompt SHELL_PROMPT) instead of poweroff: for console input
                               (vm send / vm console) and the Linux snapshot test
  time_to_marker(argv)         seconds from starting QEMU to the marker (benchmarks)

  harness.py iso <out.iso>     the fixed demo ISO (make run, benchmarks)
"""
import gzip
import hashlib
import io
import os
import random
import re
import select
import shutil
import stat
import subprocess
import sys
import tarfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
CACHE = os.path.join(ROOT, 'build', 'linux-cache')
MARKER = 'VMPLAT-LINUX-MARKER'
ARCHES = {
    # arch: (BLS architecture, entry id, console, kernel path on the ISO)
    'x86_64': ('x64', 'linux-x64', 'ttyS0,115200', '/x86_64/vmlinuz'),
    'aarch64': ('aa64', 'linux-aa64', 'ttyAMA0', '/aarch64/Image'),
}
PAYLOAD_BYTES = 256 * 1024

INIT = r'''#!/bin/busybox sh
/bin/busybox mkdir -p /bin /sbin /proc /sys
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "%(marker)s arch=$(uname -m) kernel=$(uname -r)"
echo "%(marker)s cmdline=$(cat /proc/cmdline)"
echo "%(marker)s sha256=$(sha256sum /payload.bin | cut -d' ' -f1)"
echo "%(marker)s uptime=$(cut -d' ' -f1 /proc/uptime)"
if [ -d /sys/firmware/efi ]; then
    echo "%(marker)s efi=yes runtime=$(cat /sys/firmware/efi/runtime 2>/dev/null | head -c 18)"
    insmod /efivarfs.ko 2>/dev/null
    mkdir -p /sys/firmware/efi/efivars
    mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null
    for v in LoaderTimeInitUSec LoaderTimeExecUSec LoaderInfo; do
        f=$(ls /sys/firmware/efi/efivars/$v-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f 2>/dev/null)
        [ -n "$f" ] && echo "%(marker)s var $v=$(tail -c +5 "$f" | tr -d '\000')"
    done
else
    echo "%(marker)s efi=no"
fi
echo "%(marker)s done"
poweroff -f
'''

# hv_linux (initramfs guest=True): after the lines above, what the guest sees of its
# vCPUs and of the NVMe function passed through to it; Debian builds nvme as modules.
GUEST_INIT = r'''mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "%(marker)s cpus=$(grep -c ^processor /proc/cpuinfo)"
for m in /modules/*.ko; do insmod $m || echo "%(marker)s insmod-failed $m"; done
for d in /sys/bus/pci/devices/*; do
    [ -e "$d/vendor" ] && echo "%(marker)s pci $(basename $d) $(cat $d/vendor):$(cat $d/device) class=$(cat $d/class)"
done
lspci 2>/dev/null | while read l; do echo "%(marker)s lspci $l"; done
lba=$(sed -n 's/.*vmplat\.lba=\([0-9]*\).*/\1/p' /proc/cmdline)
n=0
while [ ! -b /dev/nvme0n1 ] && [ $n -lt 100 ]; do sleep 0.2; n=$((n+1)); done
echo "%(marker)s sector lba=$lba sha256=$(dd if=/dev/nvme0n1 bs=512 skip=$lba count=1 2>/dev/null | sha256sum | cut -d' ' -f1)"
'''
# initramfs(iommu=True): after the lines of INIT, what Linux's IOMMU driver made of the
# machine, and one sector of the NVMe read by DMA through it (nvme is built into
# Debian's cloud-amd64 kernel). Keys use underscores: parse() takes \w+ keys.
IOMMU_INIT = r'''mount -t devtmpfs devtmpfs /dev 2>/dev/null
for u in /sys/class/iommu/*; do
    [ -e "$u" ] && echo "%(marker)s iommu_unit $(basename $u) address=$(cat $u/intel-iommu/address 2>/dev/null) version=$(cat $u/intel-iommu/version 2>/dev/null) domains_used=$(cat $u/intel-iommu/domains_used 2>/dev/null)"
done
echo "%(marker)s iommu_groups=$(ls /sys/kernel/iommu_groups 2>/dev/null | wc -l)"
n=0
while [ ! -b /dev/nvme0n1 ] && [ $n -lt 100 ]; do sleep 0.2; n=$((n+1)); done
for d in /sys/bus/pci/devices/*; do
    [ "$(cat $d/class)" = 0x010802 ] && echo "%(marker)s nvme_pci $(basename $d) group=$(basename "$(readlink $d/iommu_group)") type=$(cat $d/iommu_group/type 2>/dev/null)"
done
lba=$(sed -n 's/.*vmplat\.lba=\([0-9]*\).*/\1/p' /proc/cmdline)
echo "%(marker)s sector lba=$lba sha256=$(dd if=/dev/nvme0n1 bs=512 skip=$lba count=1 2>/dev/null | sha256sum | cut -d' ' -f1)"
echo "%(marker)s dmar_faults=$(dmesg | grep -c 'DMAR: DRHD: handling fault')"
dmesg | grep -E 'DMAR|iommu|IOMMU' | while read l; do echo "%(marker)s dmesg $l"; done
'''
# initramfs(shell=True): after "done", a shell on the console with a job-control
# terminal (cttyhack opens the tty /dev/console is, setsid makes it ours).
SHELL_PROMPT = 'vmguest# '
SHELL_INIT = r'''mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp
echo "%(marker)s shell"
export PS1='%(prompt)s' HOME=/ TERM=dumb
while true; do setsid cttyhack sh; echo "%(marker)s shell-exited"; sleep 1; done
'''
# In load order (modinfo depends= of Debian 6.1's arm64 modules).
GUEST_MODULES = ('crypto/crct10dif_common', 'crypto/crct10dif_generic', 'lib/crc-t10dif',
                 'lib/crc64', 'crypto/crc64_rocksoft_generic', 'lib/crc64-rocksoft',
                 'block/t10-pi', 'drivers/nvme/host/nvme-core', 'drivers/nvme/host/nvme')


def guest_modules(arch):
    """GUEST_MODULES from the cached kernel .deb as cpio entries /modules/NN-name.ko."""
    with open(os.path.join(CACHE, arch, 'version')) as f:
        deb = os.path.join(CACHE, 'debs', f.read().strip())
    kver = kernel_version(arch)
    tar = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb], check=True,
                         capture_output=True).stdout
    out = [('modules', stat.S_IFDIR | 0o755, b'', (0, 0))]
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        for i, m in enumerate(GUEST_MODULES):
            data = t.extractfile('./lib/modules/%s/kernel/%s.ko' % (kver, m)).read()
            out.append(('modules/%02d-%s.ko' % (i, os.path.basename(m)),
                        stat.S_IFREG | 0o644, data, (0, 0)))
    return out


class KernelsUnavailable(RuntimeError):
    """fetch() could not provide the kernels: a scenario fails with the reason, never skips."""


def fetch():
    """Kernels and busybox in build/linux-cache/<arch>/; KernelsUnavailable with the reason."""
    try:
        p = subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'fetch-kernels.sh'),
                            '--no-iso'], cwd=ROOT, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired as e:
        raise KernelsUnavailable('Debian kernels unavailable: fetch-kernels.sh ran over %d s'
                                 % e.timeout) from e
    if p.returncode:
        lines = (p.stderr.strip() or p.stdout.strip() or 'fetch-kernels.sh failed').splitlines()
        # apt's last complaint and the script's own sentence
        raise KernelsUnavailable('Debian kernels unavailable: ' + ' | '.join(lines[-2:]))
    for arch in ARCHES:
        for f in ('vmlinuz', 'busybox'):
            if not os.path.isfile(os.path.join(CACHE, arch, f)):
                raise KernelsUnavailable('fetch-kernels.sh left no %s/%s' % (arch, f))


def kernel_version(arch):
    """'6.1.0-56-cloud-amd64' from the cached package name (fetch-kernels.sh)."""
    with open(os.path.join(CACHE, arch, 'version')) as f:
        deb = f.read().strip()
    return deb.split('_')[0].replace('linux-image-', '', 1)


def cpio_newc(entries):
    """entries: (name, mode, data, rdev(major, minor)); 'TRAILER!!!' appended.
    Format: 110-byte ASCII header, name + NUL padded to 4, data padded to 4."""
    out = bytearray()
    for ino, (name, mode, data, rdev) in enumerate(list(entries) + [('TRAILER!!!', 0, b'',
                                                                    (0, 0))]):
        nb = name.encode() + b'\0'
        fields = (ino + 1, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(nb), 0)
        out += b'070701' + b''.join(b'%08X' % v for v in fields) + nb
        out += b'\0' * (-len(out) % 4) + data
        out += b'\0' * (-len(out) % 4)
    return bytes(out)


def initramfs(arch, out, payload, extra_files=(), guest=False, shell=False, iommu=False):
    """The gzip'ed initramfs for arch; payload goes to /payload.bin. guest: the
    hypervisor-guest /init (GUEST_INIT) with the nvme modules. shell: an
    interactive shell on the console after the marker lines (SHELL_INIT).
    iommu: the kernel's IOMMU view and an NVMe sector (IOMMU_INIT)."""
    d = os.path.join(CACHE, arch)
    with open(os.path.join(d, 'busybox'), 'rb') as f:
        busybox = f.read()
    init = INIT
    if guest:
        init = INIT.replace('echo "%(marker)s done"', GUEST_INIT + 'echo "%(marker)s done"')
    if iommu:
        init = init.replace('echo "%(marker)s done"', IOMMU_INIT + 'echo "%(marker)s done"')
    if shell:
        init = init.replace('poweroff -f\n', SHELL_INIT)
    files = [('bin', stat.S_IFDIR | 0o755, b'', (0, 0)),
             ('dev', stat.S_IFDIR | 0o755, b'', (0, 0)),
             # the kernel opens /dev/console for init's stdio before init runs
             ('dev/console', stat.S_IFCHR | 0o600, b'', (5, 1)),
             ('bin/busybox', stat.S_IFREG | 0o755, busybox, (0, 0)),
             ('init', stat.S_IFREG | 0o755,
              (init % {'marker': MARKER, 'prompt': SHELL_PROMPT}).encode(), (0, 0)),
             ('payload.bin', stat.S_IFREG | 0o644, payload, (0, 0))]
    ko = os.path.join(d, 'efivarfs.ko')
    if os.path.isfile(ko):
        with open(ko, 'rb') as f:
            files.append(('efivarfs.ko', stat.S_IFREG | 0o644, f.read(), (0, 0)))
    if guest:
        files += guest_modules(arch)
    files += list(extra_files)
    with open(out, 'wb') as f:
        f.write(gzip.compress(cpio_newc(files), compresslevel=6, mtime=0))
    return hashlib.sha256(payload).hexdigest()


def entry_text(arch, options, title=None, kernel=None):
    bls_arch, eid, _console, kpath = ARCHES[arch]
    return ('title %s\nversion %s\nlinux %s\ninitrd /%s/initrd.img\noptions %s\n'
            'architecture %s\n' % (title or 'Debian Linux (%s)' % arch, kernel_version(arch),
                                   kernel or kpath, arch, options, bls_arch))


def write_entry(tree, eid, arch, options, title=None, kernel=None):
    """One more entry (loader/entries/<eid>.conf) for arch, e.g. a broken kernel."""
    ent = os.path.join(tree, 'loader', 'entries')
    os.makedirs(ent, exist_ok=True)
    with open(os.path.join(ent, eid + '.conf'), 'w') as f:
        f.write(entry_text(arch, options, title, kernel))


def default_options(arch, token=''):
    console = ARCHES[arch][2]
    opts = 'console=%s panic=-1 loglevel=4 rdinit=/init' % console
    return opts + (' vmplat.token=%s' % token if token else '')


def make_iso(out, tree, options, timeout=0, default='linux-*'):
    """ISO at out from the staged tree dir with BLS entries for the arches in options
    ({arch: options}); timeout: seconds or a loader.conf word ("menu-force")."""
    ent = os.path.join(tree, 'loader', 'entries')
    os.makedirs(ent, exist_ok=True)
    with open(os.path.join(tree, 'loader', 'loader.conf'), 'w') as f:
        f.write('default %s\ntimeout %s\n' % (default, timeout))
    for arch, opts in options.items():
        with open(os.path.join(ent, ARCHES[arch][1] + '.conf'), 'w') as f:
            f.write(entry_text(arch, opts))
    subprocess.run(['xorriso', '-as', 'mkisofs', '-R', '-J', '-V', 'VMPLAT_LINUX', '-o', out,
                    tree], check=True, capture_output=True)


def stage_kernels(tree):
    """Copy both kernels to tree/<arch>/ (arm64: the Image, gunzipped if need be)."""
    for arch, (_a, _e, _c, kpath) in ARCHES.items():
        dst = os.path.join(tree, kpath.lstrip('/'))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        src = os.path.join(CACHE, arch, 'vmlinuz')
        with open(src, 'rb') as f:
            magic = f.read(2)
        if magic == b'\x1f\x8b':
            with gzip.open(src, 'rb') as fi, open(dst, 'wb') as fo:
                shutil.copyfileobj(fi, fo)
        else:
            shutil.copyfile(src, dst)


def fresh_tree(workdir):
    """An empty <workdir>/iso-tree to stage an ISO in (a previous run's is removed)."""
    tree = os.path.join(workdir, 'iso-tree')
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    os.makedirs(tree)
    return tree


def gzip_file(src, dst, level=1):
    """dst = gzip of src (an arm64 Image.gz for vmplat's loader to inflate)."""
    with open(src, 'rb') as fi, gzip.open(dst, 'wb', compresslevel=level) as fo:
        shutil.copyfileobj(fi, fo)


def guest_iso(workdir, rng, entry, options, title='Debian Linux guest',
              payload_bytes=PAYLOAD_BYTES, **initramfs_kw):
    """The ISO for Debian's arm64 kernel as a guest of vmplat's EL2 hypervisor (hv_linux,
    snap_linux): fetch() first (KernelsUnavailable: the scenario fails, never skips), then
    one BLS entry <entry> (loader.conf default, timeout 0) booting /aarch64/Image.gz with
    options and the initramfs (a random payload of payload_bytes; initramfs_kw: guest=,
    shell=). Returns {'iso': path, 'sha256': the payload's, 'image_bytes': the Image's
    size, which vmplat must inflate the .gz to}."""
    arch = 'aarch64'
    fetch()
    tree = fresh_tree(workdir)
    os.makedirs(os.path.join(tree, arch))
    kpath = ARCHES[arch][3]
    stage_kernels(workdir)  # <workdir>/aarch64/Image (+ x86_64, unused)
    image = os.path.join(workdir, kpath.lstrip('/'))
    gzip_file(image, os.path.join(tree, arch, 'Image.gz'))
    sha = initramfs(arch, os.path.join(tree, arch, 'initrd.img'), rng.randbytes(payload_bytes),
                    **initramfs_kw)
    write_entry(tree, entry, arch, options, title=title, kernel=kpath + '.gz')
    iso = os.path.join(workdir, 'boot.iso')
    make_iso(iso, tree, {}, default=entry)
    return {'iso': iso, 'sha256': sha, 'image_bytes': os.path.getsize(image)}


def make_set(workdir, rng, arches=('x86_64', 'aarch64'), extra=None, timeout=0, append='',
             initramfs_kw=None):
    """A per-run ISO: a random payload and token per arch. Returns
    {'iso': path, 'tree': dir, arch: {'sha256', 'options', 'initrd', 'kernel'}};
    extra(tree, want) may add files and entries before the ISO is made; append
    goes at the end of every entry's options, initramfs_kw to initramfs()."""
    tree = fresh_tree(workdir)
    stage_kernels(tree)
    want, options = {}, {}
    for arch in arches:
        os.makedirs(os.path.join(tree, arch), exist_ok=True)
        initrd = os.path.join(tree, arch, 'initrd.img')
        sha = initramfs(arch, initrd, rng.randbytes(PAYLOAD_BYTES), **(initramfs_kw or {}))
        options[arch] = default_options(arch, '%016x' % rng.getrandbits(64)) + append
        want[arch] = dict(sha256=sha, options=options[arch], initrd=initrd,
                          kernel=os.path.join(tree, ARCHES[arch][3].lstrip('/')))
    want['iso'] = os.path.join(workdir, 'boot.iso')
    want['tree'] = tree
    if extra:
        extra(tree, want)
    make_iso(want['iso'], tree, options, timeout=timeout)
    return want


LINE = re.compile(MARKER + r' (\w+)(?:[= ](.*))?$', re.M)


def parse(log):
    """{'arch', 'cmdline', 'sha256', 'efi', 'vars': {...}, 'done': bool} from the log."""
    text = log.replace('\r', '')
    out = {'vars': {}, 'done': False, 'seen': MARKER in text}
    for m in LINE.finditer(text):
        key, val = m.group(1), (m.group(2) or '').strip()
        if key == 'var':
            name, _, v = val.partition('=')
            out['vars'][name] = v
        elif key == 'done':
            out['done'] = True
        elif key == 'arch':
            out['arch'] = val.split()[0]
        else:
            out.setdefault(key, val)
    return out


def time_to_marker(argv, timeout=120):
    """Start QEMU (serial on stdout); seconds until the kernel's first marker
    line, and the output. QEMU is killed at the marker's "done" line or at
    the timeout (then the time is None)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out, at = bytearray(), None
    first = (MARKER + ' arch=').encode()
    done = (MARKER + ' done').encode()
    try:
        while time.monotonic() - t0 < timeout:
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r:
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
                if at is None and first in out:
                    at = time.monotonic() - t0
                if done in out:
                    break
            elif p.poll() is not None:
                break
    finally:
        p.kill()
        p.wait()
    return at, out.decode('utf-8', 'replace')


def demo_iso(out):
    """The fixed ISO make run boots: payload from a fixed seed, no token."""
    fetch()
    work = os.path.join(CACHE, 'demo')
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    tree = os.path.join(work, 'tree')
    os.makedirs(tree)
    stage_kernels(tree)
    rng = random.Random(6)
    options = {}
    for arch in ARCHES:
        os.makedirs(os.path.join(tree, arch), exist_ok=True)
        initramfs(arch, os.path.join(tree, arch, 'initrd.img'), rng.randbytes(PAYLOAD_BYTES))
        options[arch] = default_options(arch)
    make_iso(out, tree, options)
    shutil.rmtree(work)
    print('  ISO     %s (%d MiB)' % (os.path.relpath(out, ROOT), os.path.getsize(out) >> 20))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'iso':
        try:
            demo_iso(os.path.abspath(sys.argv[2]))
        except (RuntimeError, subprocess.CalledProcessError) as e:
            sys.exit('harness: %s' % e)
        sys.exit(0)
    sys.exit(__doc__)
