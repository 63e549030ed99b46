#!/usr/bin/env python3
"""Which characters of a `tmux capture-pane -e -p` screen carry an
attribute:

    sgr.py FILE ATTR

ATTR is reverse, underline, bold or colour (any foreground or background
colour).  Prints each screen line with the characters that have ATTR
kept and every other character as a blank, trailing blanks cut, so a
test can grep for what is highlighted.
"""
import os
import re
import sys

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def apply(state, params):
    codes = [int(p) if p else 0 for p in re.split(r"[;:]", params or "0")]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.clear()
        elif c == 1:
            state.add("bold")
        elif c == 4:
            state.add("underline")
        elif c == 7:
            state.add("reverse")
        elif c == 22:
            state.discard("bold")
        elif c == 24:
            state.discard("underline")
        elif c == 27:
            state.discard("reverse")
        elif 30 <= c <= 37 or 40 <= c <= 47 or 90 <= c <= 107:
            state.add("colour")
        elif c in (38, 48):
            state.add("colour")
            i += 2 if i + 1 < len(codes) and codes[i + 1] == 5 else 4
        elif c in (39, 49):
            state.discard("colour")
        i += 1


def main():
    path, want = sys.argv[1], sys.argv[2]
    state, lines = set(), []
    for line in open(path, encoding="utf-8", errors="replace"):
        out, pos = [], 0
        line = line.rstrip("\n")
        for m in SGR.finditer(line):
            for ch in line[pos:m.start()]:
                out.append(ch if want in state else " ")
            apply(state, m.group(1))
            pos = m.end()
        for ch in line[pos:]:
            out.append(ch if want in state else " ")
        lines.append("".join(out).rstrip() + "\n")
    try:
        sys.stdout.write("".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:  # grep -q has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


main()
