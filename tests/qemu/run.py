#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
vmplat QEMU scenario runner (python3 stdlib only).

  run.py --list                 scenario names, arch and description
  run.py --all [-j N]           run every scenario (sequential unless -j)
  run.py --only NAME [...]      run the named scenarios (repeatable, or comma-separated)
  run.py --run ARCH [QEMU ARGS] boot the default image interactively (serial on
                                stdio, no timeout); cmdline from $RUN_CMDLINE

One line per result: "ok <scenario>/<test>" or "not ok <scenario>/<test>: reason".
Serial logs are kept in build/test-logs/<scenario>.log. Exit status 1 when any failed.
"""
import argparse
import concurrent.futures
import glob
import importlib.util
import os
import shlex
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vmrunner  # noqa: E402


def load_scenarios():
    mods = []
    for path in sorted(glob.glob(os.path.join(HERE, 'scenarios', '*.py'))):
        name = os.path.splitext(os.path.basename(path))[0]
        if name.startswith('_'):
            continue
        spec = importlib.util.spec_from_file_location('scenario_' + name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        vmrunner.normalize(mod)  # validate early
        mods.append(mod)
    names = [m.SCENARIO['name'] for m in mods]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit('run.py: duplicate scenario names: %s' % ', '.join(sorted(dup)))
    return mods


def report(res, checks):
    name = res.scenario['name']
    lines = [c.line(name) for c in checks]
    failed = sum(not c.ok for c in checks)
    lines.append('# %s: %d passed, %d failed in %.1f s (log %s)'
                 % (name, len(checks) - failed, failed, res.duration, res.scenario['log']))
    print('\n'.join(lines), flush=True)
    return len(checks) - failed, failed


def run_many(mods, jobs, echo):
    passed = failed = 0
    if jobs <= 1:
        for m in mods:
            print('# %s: starting (%s)' % (m.SCENARIO['name'], m.SCENARIO['arch']), flush=True)
            p, f = report(*vmrunner.run_scenario(m, echo))
            passed, failed = passed + p, failed + f
    else:
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            futs = [ex.submit(vmrunner.run_scenario, m, False) for m in mods]
            for fut in concurrent.futures.as_completed(futs):
                p, f = report(*fut.result())
                passed, failed = passed + p, failed + f
    print('# qemu: %d passed, %d failed' % (passed, failed), flush=True)
    return 1 if failed or not (passed + failed) else 0


def run_interactive(arch, extra):
    """make run: the image on a terminal, serial and QEMU monitor on stdio (Ctrl-A x quits)."""
    if arch not in vmrunner.QEMU:
        sys.exit('run.py: unknown arch %r (x86_64 or aarch64)' % arch)
    os.chdir(vmrunner.ROOT)
    image = vmrunner.IMAGES[arch]
    if not os.path.isfile(image):
        sys.exit('run.py: %s missing: build it with make ARCH=%s' % (image, arch))
    sc = dict(vmrunner.DEFAULTS, name='run', arch=arch, cmdline=os.environ.get('RUN_CMDLINE', ''))
    ctx = vmrunner.Context(sc)
    ctx.extra_args = list(extra)
    os.makedirs(ctx.workdir, exist_ok=True)
    argv = vmrunner.qemu_args(sc, ctx, ['-serial', 'mon:stdio'], interactive=True)
    print('run.py: ' + shlex.join(argv), file=sys.stderr)
    print('run.py: Ctrl-A x quits QEMU, Ctrl-A c toggles its monitor', file=sys.stderr, flush=True)
    # QEMU owns the terminal (raw mode); Ctrl-C belongs to the guest, not to us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    rc = subprocess.call(argv)
    if arch == 'x86_64' and rc & 1:
        rc >>= 1  # isa-debug-exit: QEMU exits with (status << 1) | 1
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument('--all', action='store_true', help='run every scenario')
    g.add_argument('--only', action='append', metavar='NAME', help='run these scenarios')
    g.add_argument('--list', action='store_true', help='list scenarios')
    g.add_argument('--run', metavar='ARCH', help='boot ARCH interactively (make run)')
    ap.add_argument('-j', '--jobs', type=int, default=int(os.environ.get('QEMU_JOBS', '1')),
                    help='scenarios run in parallel (default $QEMU_JOBS or 1)')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='echo serial output while running (sequential only)')
    argv, extra = sys.argv[1:], []
    if '--run' in argv:
        # everything after "--run ARCH" goes to QEMU as it is (make run RUN_ARGS=...)
        i = argv.index('--run') + 2
        argv, extra = argv[:i], argv[i:]
    args = ap.parse_args(argv)

    if args.run:
        return run_interactive(args.run, extra)
    mods = load_scenarios()
    if args.list:
        for m in mods:
            sc = vmrunner.normalize(m)
            print('%-20s %-8s %s' % (sc['name'], sc['arch'], sc['description']))
        return 0
    if args.only:
        want = [n for item in args.only for n in item.split(',') if n]
        by_name = {m.SCENARIO['name']: m for m in mods}
        missing = [n for n in want if n not in by_name]
        if missing:
            sys.exit('run.py: no such scenario: %s (see --list)' % ', '.join(missing))
        mods = [by_name[n] for n in want]
    return run_many(mods, args.jobs, args.verbose)


if __name__ == '__main__':
    sys.exit(main())
