#!/usr/bin/env python3
"""Code size of every function in a wasm module, by symbol name (one "bytes<TAB>name" line each).

Reads the name section, so use the release module before wasm-bindgen and wasm-opt, which keeps
the names: target/wasm32-unknown-unknown/release/customer_health.wasm. Example:
  python3 scripts/wasm-function-sizes.py target/wasm32-unknown-unknown/release/customer_health.wasm | sort -rn | head -40
docs/performance.md (Wasm size) says how it was used.
"""
import sys

data = open(sys.argv[1], 'rb').read()


def leb(p):
    """An unsigned LEB128 number at p, and the position after it."""
    value = shift = 0
    while True:
        b = data[p]
        p += 1
        value |= (b & 0x7f) << shift
        shift += 7
        if b < 0x80:
            return value, p


def skip_limits(q):
    flags, q = leb(q)
    _, q = leb(q)
    return leb(q)[1] if flags & 1 else q


p, imported_funcs, bodies, names = 8, 0, [], {}
while p < len(data):
    section = data[p]
    size, p = leb(p + 1)
    end = p + size
    if section == 2:  # imports: functions among them take the first indices
        n, q = leb(p)
        for _ in range(n):
            for _ in range(2):  # module and field names
                length, q = leb(q)
                q += length
            kind = data[q]
            q += 1
            if kind == 0:
                _, q = leb(q)
                imported_funcs += 1
            elif kind == 1:
                q = skip_limits(q + 1)
            elif kind == 2:
                q = skip_limits(q)
            elif kind == 3:
                q += 2
    elif section == 10:  # code: one body per defined function
        n, q = leb(p)
        for _ in range(n):
            length, q = leb(q)
            bodies.append(length)
            q += length
    elif section == 0:  # custom: the "name" section's function names
        length, q = leb(p)
        if data[q:q + length] == b'name':
            q += length
            while q < end:
                kind = data[q]
                length, q = leb(q + 1)
                if kind == 1:
                    n, r = leb(q)
                    for _ in range(n):
                        index, r = leb(r)
                        length2, r = leb(r)
                        names[index] = data[r:r + length2].decode('utf8', 'replace')
                        r += length2
                q += length
    p = end

for i, size in enumerate(bodies):
    print(size, names.get(i + imported_funcs, f'?{i}'), sep='\t')
