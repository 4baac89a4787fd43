#!/usr/bin/env python3
"""make_pbf_seeds.py — writes the tiny .osm.pbf seeds of corpus/osm_pbf/ and
the PBF reproducers of readosm-crashes/.

Hand-encoded OSM PBF (OSMHeader + OSMData blobs, protobuf wire format, no
dependency beyond the standard library): the same few Hoàn Kiếm objects as
the XML seeds, once zlib-compressed (as every real extract) and once as raw
blobs (which readosm also reads, and which let the fuzzer reach the
PrimitiveBlock without having to produce valid deflate data).

usage: tests/fuzz/make_pbf_seeds.py [OUT_DIR [CRASH_DIR]]
       (default: corpus/osm_pbf and readosm-crashes next to this file)
"""
import os
import struct
import sys
import zlib


def varint(v):
    out = bytearray()
    v &= (1 << 64) - 1
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(v):
    return (v << 1) ^ (v >> 63)


def f_varint(field, v):
    return varint(field << 3) + varint(v)


def f_bytes(field, b):
    if isinstance(b, str):
        b = b.encode()
    return varint(field << 3 | 2) + varint(len(b)) + b


def packed(field, values, signed=False, delta=False):
    """A packed repeated field; nothing when empty (readosm refuses an empty one)."""
    if not values:
        return b""
    out, prev = bytearray(), 0
    for v in values:
        x = v - prev if delta else v
        prev = v
        out += varint(zigzag(x) if signed else x)
    return f_bytes(field, bytes(out))


class Block:
    """A PrimitiveBlock: a string table and primitive groups."""

    def __init__(self):
        self.strings = [""]
        self.groups = []

    def s(self, text):
        if text not in self.strings:
            self.strings.append(text)
        return self.strings.index(text)

    def tags(self, tags):
        return [self.s(k) for k, _ in tags], [self.s(v) for _, v in tags]

    def dense(self, nodes):
        """nodes: [(id, lat, lon, [(k, v)...])] in degrees; granularity 100 nanodegrees."""
        kv = []
        for _, _, _, tags in nodes:
            for k, v in tags:
                kv += [self.s(k), self.s(v)]
            kv.append(0)
        body = packed(1, [n[0] for n in nodes], signed=True, delta=True)
        body += packed(8, [round(n[1] * 1e7) for n in nodes], signed=True, delta=True)
        body += packed(9, [round(n[2] * 1e7) for n in nodes], signed=True, delta=True)
        body += packed(10, kv)
        self.groups.append(f_bytes(2, body))

    def way(self, wid, refs, tags):
        k, v = self.tags(tags)
        body = f_varint(1, wid) + packed(2, k) + packed(3, v) + packed(8, refs, signed=True, delta=True)
        self.groups.append(f_bytes(3, body))

    def relation(self, rid, members, tags):
        """members: [(type 0 node / 1 way / 2 relation, ref, role)]"""
        k, v = self.tags(tags)
        roles = [self.s(m[2]) for m in members]
        body = f_varint(1, rid) + packed(2, k) + packed(3, v) + packed(8, roles)
        body += packed(9, [m[1] for m in members], signed=True, delta=True) + packed(10, [m[0] for m in members])
        self.groups.append(f_bytes(4, body))

    def encode(self):
        table = b"".join(f_bytes(1, s) for s in self.strings)
        return f_bytes(1, table) + b"".join(f_bytes(2, g) for g in self.groups) + f_varint(17, 100)


def blob(kind, payload, compress):
    if compress:
        body = f_varint(2, len(payload)) + f_bytes(3, zlib.compress(payload, 9))
    else:
        body = f_bytes(1, payload)
    header = f_bytes(1, kind) + f_varint(3, len(body))
    return struct.pack(">I", len(header)) + header + body


def osm_file(block, compress):
    head = f_bytes(4, "OsmSchema-V0.6") + f_bytes(4, "DenseNodes") + f_bytes(16, "pccc-fuzz")
    return blob("OSMHeader", head, compress) + blob("OSMData", block.encode(), compress)


def roads():
    b = Block()
    b.dense([(1, 21.0300, 105.8400, []), (2, 21.0305, 105.8410, []), (3, 21.0310, 105.8420, []),
             (4, 21.0300, 105.8420, [("highway", "crossing")])])
    b.way(100, [1, 2, 3], [("highway", "primary"), ("name", "Phố Huế"), ("lanes", "4")])
    b.way(101, [2, 4], [("highway", "residential"), ("oneway", "yes"), ("width", "3.5")])
    return b


def buildings():
    b = Block()
    b.dense([(10, 21.0282, 105.8505, []), (11, 21.0282, 105.8507, []), (12, 21.0284, 105.8507, []),
             (13, 21.0284, 105.8505, [("entrance", "main")])])
    b.way(200, [10, 11, 12, 13, 10], [("building", "apartments"), ("building:levels", "9"),
                                      ("addr:housenumber", "12"), ("addr:street", "Hàng Bạc")])
    return b


def resources():
    b = Block()
    b.dense([(20, 21.0286, 105.8512, [("emergency", "fire_hydrant"), ("fire_hydrant:type", "pillar")]),
             (21, 21.0279, 105.8515, [("amenity", "fire_station"), ("name", "PCCC Hoàn Kiếm")]),
             (30, 21.0290, 105.8500, []), (31, 21.0290, 105.8504, []), (32, 21.0294, 105.8504, []),
             (33, 21.0294, 105.8500, [])])
    b.way(300, [30, 31, 32, 33, 30], [])
    b.relation(400, [(1, 300, "outer")], [("type", "multipolygon"), ("natural", "water"), ("water", "pond")])
    return b


def bad_index():
    """A way whose tag key is string 1000 of a 3-string table (readosm 1.1.0
    reads strings[1000] unchecked)."""
    b = roads()
    body = f_varint(1, 900) + packed(2, [1000]) + packed(3, [1]) + packed(8, [1, 2], signed=True, delta=True)
    b.groups.append(f_bytes(3, body))
    return b


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus", "osm_pbf")
    crash = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "readosm-crashes")
    os.makedirs(out, exist_ok=True)
    os.makedirs(crash, exist_ok=True)
    for name, make in (("roads", roads), ("buildings", buildings), ("resources", resources)):
        for compress in (True, False):
            path = os.path.join(out, "%s-%s.osm.pbf" % (name, "zlib" if compress else "raw"))
            with open(path, "wb") as f:
                f.write(osm_file(make(), compress))
    with open(os.path.join(crash, "string-index.osm.pbf"), "wb") as f:
        f.write(osm_file(bad_index(), False))


if __name__ == "__main__":
    main()
