#!/usr/bin/env python3
"""ps_sample.py ROOT NEEDLES STOP OUT - what `ps e` would show of a chain.

Until the file STOP exists, reads /proc/PID/cmdline and /proc/PID/environ
of every descendant of the process ROOT, over and over, and looks for
each line of the file NEEDLES in them (the needles come from a file, so
that they are in neither this process's arguments nor its environment).
Then writes to OUT:

    samples N           the passes over the process tree
    read NAME N         processes named NAME whose two files were read
    hit PID FILE NAME   a needle in /proc/PID/FILE of the process NAME

NAME is the base name of argv[0], or of argv[1] for an interpreter (sh,
bash, python3), so that hdx-nightly is named as itself.
"""
import os
import sys

SHELLS = {"sh", "bash", "dash", "python3", "python", "perl"}


def parents():
    """pid -> parent pid of every process now."""
    pp = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d, "rb") as f:
                st = f.read()
        except OSError:
            continue
        # "PID (COMM) STATE PPID ...": COMM may hold spaces and ")"
        pp[int(d)] = int(st[st.rindex(b")") + 2:].split()[1])
    return pp


def descendants(root):
    kids = {}
    for p, pp in parents().items():
        kids.setdefault(pp, []).append(p)
    out, todo = [], [root]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def name_of(cmdline):
    argv = [a for a in cmdline.split(b"\0") if a]
    if not argv:
        return "-"
    n = os.path.basename(argv[0]).decode(errors="replace")
    if n in SHELLS and len(argv) > 1 and not argv[1].startswith(b"-"):
        n = os.path.basename(argv[1]).decode(errors="replace")
    return n


def main():
    root, needles_file, stop, out = int(sys.argv[1]), *sys.argv[2:5]
    with open(needles_file, "rb") as f:
        needles = [n for n in f.read().split(b"\n") if n]
    if not needles:
        sys.exit("ps_sample.py: no needles in %s" % needles_file)
    me = os.getpid()
    samples, read, hits, counted = 0, {}, set(), set()
    while not os.path.exists(stop):
        samples += 1
        for pid in descendants(root):
            if pid == me:
                continue
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as f:
                    cmd = f.read()
                with open("/proc/%d/environ" % pid, "rb") as f:
                    env = f.read()
            except OSError:
                continue        # gone meanwhile
            name = name_of(cmd)
            # a pid is counted once per name: exec changes the name
            if (pid, name) not in counted:
                counted.add((pid, name))
                read[name] = read.get(name, 0) + 1
            for what, data in (("cmdline", cmd), ("environ", env)):
                if any(n in data for n in needles):
                    hits.add((pid, what, name))
    with open(out, "w") as f:
        f.write("samples %d\n" % samples)
        for n in sorted(read):
            f.write("read %s %d\n" % (n, read[n]))
        for h in sorted(hits):
            f.write("hit %d %s %s\n" % h)


main()
