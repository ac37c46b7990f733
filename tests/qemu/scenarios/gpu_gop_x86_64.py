# SPDX-License-Identifier: MIT
"""
The UEFI GOP framebuffer on x86_64 q35 (OVMF): `-device ramfb` and no
bochs/VGA device (-vga none), so no native (DISPI) driver owns the screen.
OVMF's QemuRamfbDxe gives a GOP whose linear framebuffer sits in guest RAM;
vmplat records its mode before ExitBootServices and, after it, draws the
splash and the framebuffer console there (docs/gpu.md, "UEFI GOP").

Checks, on QMP screendumps (all drawn after ExitBootServices):
- the boot log names the GOP display with the mode OVMF chose
  ("display: gop WxH stride S bgrx8888 fb 0x... (N KiB), fb console"), and
  the screen QEMU shows has that size;
- splash: the blue title band, "vmplat" in it;
- `gpu pattern`: each colour bar's colour at three heights; the text band
  pixel for pixel: "vmplat test pattern WxHx32" rendered here from the same
  PSF font (2x scale, white on black at (8, H/2 + 8)) must equal the screen;
  the console's first row pixel for pixel: the "gpu: pattern ..." line the
  serial console printed, in the console colours (c0c0c0 on black);
- `gpu` lists the GOP framebuffer as the console; poweroff gives status 0.
"""
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _gpu_common as gpu  # noqa: E402
from vmrunner import Check  # noqa: E402

SCENARIO = dict(
    name='gpu_gop_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=60,
    extra_args=['-vga', 'none', '-device', 'ramfb,id=gpu0'],
    description='ramfb through UEFI GOP: boot report, splash, test pattern and console glyphs in screendumps',
)

FONT = '/usr/share/consolefonts/Uni2-VGA16.psf.gz'  # mk/firmware.mk FONT_PSF default
GOP_RE = re.compile(r'display: gop (\d+)x(\d+) stride (\d+) (\S+) fb (0x[0-9a-f]+) \((\d+) KiB\)'
                    r'(?: \(mode set\))?, fb console')
WHITE, CON_FG, BLACK = (0xff, 0xff, 0xff), (0xc0, 0xc0, 0xc0), (0, 0, 0)


# ---- the firmware's font, read the way drivers/gpu/psf.c reads it ----
def load_psf(path):
    """(width, height, bytes_per_row, glyph bytes list, Latin-1 map)."""
    d = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    if d[:2] == b'\x36\x04':
        n, w, h, hdr = (512 if d[2] & 1 else 256), 8, d[3], 4
        has_tab, bpr = d[2] & 6, 1
    elif d[:4] == b'\x72\xb5\x4a\x86':
        hdr, flags, n, charsize, h, w = (int.from_bytes(d[o:o + 4], 'little') for o in range(8, 32, 4))
        has_tab, bpr = flags & 1, (w + 7) // 8
    else:
        raise ValueError('%s: not a PSF font' % path)
    size = bpr * h
    glyphs = [d[hdr + g * size:hdr + (g + 1) * size] for g in range(n)]
    cmap = {c: (c if c < n else 0) for c in range(256)}
    if has_tab:
        seen = set()
        for g, cps in enumerate(_table(d[hdr + n * size:], d[:2] == b'\x36\x04')):
            for cp in cps:
                if cp < 256 and cp not in seen:
                    cmap[cp] = g
                    seen.add(cp)
            if g + 1 >= n:
                break
    return w, h, bpr, glyphs, cmap


def _table(t, psf1):
    """Per glyph, the single code points of its unicode table entry (sequences skipped)."""
    if psf1:
        vals = [int.from_bytes(t[i:i + 2], 'little') for i in range(0, len(t) - 1, 2)]
        cur, seq = [], False
        for v in vals:
            if v == 0xffff:
                yield cur
                cur, seq = [], False
            elif v == 0xfffe:
                seq = True
            elif not seq:
                cur.append(v)
        return
    for entry in t.split(b'\xff'):
        yield [ord(ch) for ch in entry.split(b'\xfe')[0].decode('utf-8', 'ignore')]


def text_mismatches(img, font, text, x0, y0, scale, fg, bg):
    """Pixels of text drawn at (x0, y0) that differ from the screen, of how many."""
    fw, fh, bpr, glyphs, cmap = font
    bad = total = 0
    first = None
    for i, ch in enumerate(text):
        g = glyphs[cmap.get(ord(ch), 0)]
        for gy in range(fh):
            row = g[gy * bpr:(gy + 1) * bpr]
            for gx in range(fw):
                want = fg if row[gx // 8] & (0x80 >> (gx % 8)) else bg
                for sy in range(scale):
                    for sx in range(scale):
                        x, y = x0 + (i * fw + gx) * scale + sx, y0 + gy * scale + sy
                        if x >= img[0] or y >= img[1]:
                            continue
                        total += 1
                        got = gpu.pixel(img, x, y)
                        if got != want:
                            bad += 1
                            first = first or (x, y, got, want, ch)
    return bad, total, first


# ---- flow ----
def interact(vm):
    st = gpu.STATE.setdefault(SCENARIO['name'], {})
    if vm.serial.wait_for(gpu.vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    gpu.screendump(vm, st, 'splash')
    st['list'] = gpu.shell(vm, 'gpu')
    st['pattern_out'] = gpu.shell(vm, 'gpu pattern')
    gpu.screendump(vm, st, 'pattern')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {}


def check_boot_report(log, img):
    m = GOP_RE.search(log)
    if not m:
        return None, [Check('gop_boot_report', False, 'no "display: gop ... fb console" line')]
    w, h, stride = int(m.group(1)), int(m.group(2)), int(m.group(3))
    out = [Check('gop_boot_report', stride >= w and m.group(4) == 'bgrx8888',
                 m.group(0) + ' (ramfb: XRGB8888 = bgrx8888 bytes)'),
           Check('gop_mode_shown', (img[0], img[1]) == (w, h),
                 'screen %dx%d, GOP mode %dx%d' % (img[0], img[1], w, h)),
           Check('no_native_display', 'DISPI' not in log.replace('no DISPI', ''),
                 'a DISPI display appeared with -vga none')]
    return (w, h), out


def check_splash(img):
    w, _h, _ = img
    drawn, total = gpu.count_not(img, 0, 64, gpu.SPLASH_BLUE)
    out = [Check('splash_title', gpu.pixel(img, w - 4, 4) == gpu.SPLASH_BLUE and 200 < drawn < total // 2,
                 'corner %s, %d of %d title pixels drawn' % (gpu.pixel(img, w - 4, 4), drawn, total))]
    # Rows 64-71 (above the summary) and the right third of the summary rows are
    # black: the firmware's text console left on the GOP framebuffer was cleared.
    left, _ = gpu.count_not(img, 64, 72)
    right = sum(1 for y in range(72, 72 + 4 * 16) for x in range(w * 2 // 3, w)
                if gpu.pixel(img, x, y) != BLACK)
    out.append(Check('splash_screen_cleared', left == 0 and right == 0,
                     '%d pixels drawn in rows 64-71, %d right of the summary' % (left, right)))
    return out


def check_glyphs(img, text_out):
    font = load_psf(FONT)
    w, h, _ = img
    m = gpu.PATTERN_RE.search(text_out)
    if not m:
        return [Check('pattern_glyphs', False, 'no pattern line')]
    out = []
    band = 'vmplat test pattern %dx%dx32' % (w, h)
    bad, total, first = text_mismatches(img, font, band, 8, h // 2 + 8, 2, WHITE, BLACK)
    out.append(Check('pattern_text_glyphs', total > 1000 and bad == 0,
                     '%r at (8,%d) x2: %d of %d pixels differ, first %s' % (band, h // 2 + 8, bad, total, first)))
    con0 = int(m.group(8))
    line = m.group(0).strip()
    line = line[:w // font[0]]
    bad, total, first = text_mismatches(img, font, line, 0, con0, 1, CON_FG, BLACK)
    out.append(Check('console_row0_glyphs', total > 1000 and bad == 0,
                     '%r at (0,%d): %d of %d pixels differ, first %s' % (line[:40], con0, bad, total, first)))
    return out


def check(log, result):
    out = result.run_failures()
    st = gpu.STATE.get(SCENARIO['name'], {})
    if out or 'pattern' not in st:
        return out or [Check('interact', False, 'no state from the run')]
    mode, boot = check_boot_report(log, st['splash'])
    out += boot
    if mode is None:
        return out
    out += check_splash(st['splash'])
    out.append(Check('gpu_list_gop_console',
                     re.search(r'gpu0 gop framebuffer 0x[0-9a-f]+ .*mapped wc \(console\)', st['list']),
                     st['list'][-300:]))
    out += gpu.check_pattern(st['pattern'], st['pattern_out'])
    out += check_glyphs(st['pattern'], st['pattern_out'])
    out.append(Check('poweroff', result.status == 0, 'exit status %s' % result.status))
    return out
