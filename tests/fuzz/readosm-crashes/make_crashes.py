#!/usr/bin/env python3
"""make_crashes.py — writes the PBF reproducers of readosm-crashes/ beside
string-index.osm.pbf (which tests/fuzz/make_pbf_seeds.py writes): one file
per way in which readosm 1.1.0's PBF reader can be made to crash, read
memory it does not own, or return wrong data. Each is refused by geo_osm_check (test_import's
test_readosm_crashes imports every file of this directory and expects a
clear error and an unchanged store). See README.md for which of them kill
readosm itself.

usage: tests/fuzz/readosm-crashes/make_crashes.py [OUT_DIR]
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from make_pbf_seeds import Block, f_bytes, f_varint, osm_file, packed, roads, varint  # noqa: E402


def header_blob():
    head = f_bytes(4, "OsmSchema-V0.6") + f_bytes(4, "DenseNodes")
    header = f_bytes(1, "OSMHeader") + f_varint(3, len(f_bytes(1, head)))
    return struct.pack(">I", len(header)) + header + f_bytes(1, head)


def with_group(group_field, body, block=None):
    """The roads seed block plus one more primitive group."""
    b = block or roads()
    b.groups.append(f_bytes(group_field, body))
    return osm_file(b, False)


def way_value_index():
    """A way tag value index of 2^31 + 5: readosm turns it into a negative int."""
    body = f_varint(1, 901) + packed(2, [1]) + packed(3, [2**31 + 5]) + packed(8, [1, 2], signed=True, delta=True)
    return with_group(3, body)


def relation_role_index():
    body = f_varint(1, 902) + packed(8, [5000]) + packed(9, [100], signed=True, delta=True) + packed(10, [1])
    return with_group(4, body)


def dense_key_index():
    body = packed(1, [50], signed=True, delta=True) + packed(8, [210300000], signed=True, delta=True)
    body += packed(9, [1058400000], signed=True, delta=True) + packed(10, [7777, 1, 0])
    return with_group(2, body)


def dense_user_index():
    """DenseInfo with all five arrays (so readosm reads them) and user 9999."""
    info = packed(1, [1]) + packed(2, [1], signed=True) + packed(3, [1], signed=True)
    info += packed(4, [1], signed=True) + packed(5, [9999], signed=True)
    body = packed(1, [51], signed=True, delta=True) + f_bytes(5, info)
    body += packed(8, [210300000], signed=True, delta=True) + packed(9, [1058400000], signed=True, delta=True)
    return with_group(2, body)


def no_string_table():
    """A way with a tag in a block without a string table (readosm: NULL[1])."""
    b = Block()
    b.way(903, [1, 2], [("highway", "primary")])
    data = b"".join(f_bytes(2, g) for g in b.groups)
    blob = f_bytes(1, data)
    header = f_bytes(1, "OSMData") + f_varint(3, len(blob))
    return header_blob() + struct.pack(">I", len(header)) + header + blob


def cut_packed_value():
    """Way keys [1, <cut varint>]: readosm appends a stale value, then reads
    through the NULL its varint reader returned."""
    keys = f_bytes(2, varint(1) + b"\x81")
    body = f_varint(1, 904) + keys + packed(3, [2, 3]) + packed(8, [1, 2], signed=True, delta=True)
    return with_group(3, body)


def repeated_packed():
    """Way keys given twice: readosm counts the first values twice and reads
    past what it filled."""
    body = f_varint(1, 905) + packed(2, [1]) + packed(2, [1]) + packed(3, [2, 2])
    return with_group(3, body)


def second_string_table():
    b = roads()
    data = b.encode()
    extra = f_bytes(1, f_bytes(1, "") + f_bytes(1, "x"))
    blob = f_bytes(1, extra + data)
    header = f_bytes(1, "OSMData") + f_varint(3, len(blob))
    return header_blob() + struct.pack(">I", len(header)) + header + blob


def negative_block_size():
    """A BlobHeader datasize of -16: readosm's malloc fails, fread writes to NULL."""
    header = f_bytes(1, "OSMData") + f_varint(3, (1 << 32) - 16)
    return header_blob() + struct.pack(">I", len(header)) + header + b"\0" * 64


def raw_size_past_block():
    """A raw block that declares 1 MiB but holds a few bytes: readosm parses
    past its buffer."""
    data = roads().encode()
    blob = f_bytes(1, data) + f_varint(2, 1 << 20)
    header = f_bytes(1, "OSMData") + f_varint(3, len(blob))
    return header_blob() + struct.pack(">I", len(header)) + header + blob


def way_id_over_int32():
    """Way 2^31 + 5: readosm reads the int64 id into an int and reports a
    negative id (silently wrong, no crash)."""
    body = f_varint(1, 2**31 + 5) + packed(2, [1]) + packed(3, [2]) + packed(8, [1, 2], signed=True, delta=True)
    return with_group(3, body)


CASES = {
    "way-value-index": way_value_index,
    "relation-role-index": relation_role_index,
    "dense-key-index": dense_key_index,
    "dense-user-index": dense_user_index,
    "no-string-table": no_string_table,
    "cut-packed-value": cut_packed_value,
    "repeated-packed": repeated_packed,
    "second-string-table": second_string_table,
    "negative-block-size": negative_block_size,
    "raw-size-past-block": raw_size_past_block,
    "way-id-over-int32": way_id_over_int32,
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    for name, make in CASES.items():
        with open(os.path.join(out, name + ".osm.pbf"), "wb") as f:
            f.write(make())


if __name__ == "__main__":
    main()
