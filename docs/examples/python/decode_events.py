#!/usr/bin/env python3
"""Decode eventbank Kafka record values using nothing but the Python 3 standard library.

Every value on the bank's topics is Avro *single-object encoded*:

    C3 01 | 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema | Avro binary body

This module implements exactly what the Avro specification asks of a reader, and nothing else:

  * the Parsing Canonical Form of a schema and its CRC-64-AVRO (Rabin) fingerprint, to find the
    writer schema of a value in the catalog of released schemas
    (schemas/src/main/resources/org/eventbank/schemas/catalog/<Record>/v<N>.avsc);
  * the binary decoding of records, strings, longs, ints, booleans, nulls, enums and unions (plus
    floats, doubles, bytes, fixed, arrays and maps, for later schema versions); logical types are
    decoded as their underlying type (timestamp-millis is a long of milliseconds since the epoch, UTC).

Decoded values are returned in the Avro specification's JSON encoding: a non-null union value is
wrapped in an object naming its branch, e.g. {"long": 3} or {"org.eventbank.schemas.avro.Deposit": {...}}.

Every version in the catalog is read as it was written: a topic that mixes v1, v2 and v3 records decodes
record by record, each with its own writer schema (a v1 event simply has no v2 fields). A new record type
(the transfer events of contract v3) is known as soon as its catalog file is there: no code names the
types it decodes. event_line() prints an event of the events topic as the line `./bank tail` prints for
it (EventLine in infra/platform); that one does name the event types it knows how to print.

As a library (behind any Kafka client; see docs/wire-format.md):

    catalog = Catalog.load("schemas/src/main/resources/org/eventbank/schemas/catalog")
    decoded = catalog.decode(record_value_bytes)   # raises UndecodableValue, never returns None
    decoded.full_name, decoded.version, decoded.value

As a command, one hex-encoded value per input line (files or stdin), one JSON object per output line
(or, with --lines, one `./bank tail` line per event):

    python3 docs/examples/python/decode_events.py [--catalog DIR] [--lines] [FILE ...]
    python3 docs/examples/python/decode_events.py --print-fingerprints

It stops with exit code 2 at the first value it cannot decode (an unknown fingerprint means a newer
writer: upgrade this reader first, i.e. add the new catalog files): a reader of a ledger never skips money.
"""

import argparse
import datetime
import json
import os
import struct
import sys

MARKER = b"\xc3\x01"
HEADER_LENGTH = 10

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")

# CRC-64-AVRO, as given in the Avro specification ("Schema Fingerprints").
EMPTY = 0xC15D213AA4D7A795


def _fingerprint_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
        table.append(fp)
    return table


_TABLE = _fingerprint_table()


def crc64_avro(data: bytes) -> int:
    """The 64-bit Rabin fingerprint of the spec, as an unsigned integer."""
    fp = EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


class UndecodableValue(Exception):
    """A value that is not single-object encoded, names an unknown writer schema, or has a corrupt body."""


# ---------------------------------------------------------------------------------------------
# Names and Parsing Canonical Form
# ---------------------------------------------------------------------------------------------

def _full_name(name, namespace):
    if "." in name:
        return name
    return namespace + "." + name if namespace else name


def _namespace_of(full_name):
    return full_name.rpartition(".")[0]


def _type_of(schema):
    """The type name of a schema in JSON form: a string, a list (union) or an object with "type"."""
    if isinstance(schema, str):
        return schema
    if isinstance(schema, list):
        return "union"
    return schema["type"]


def canonical_form(schema, namespace="", seen=None):
    """The Parsing Canonical Form of a schema given as parsed JSON (spec: "Parsing Canonical Form for Schemas").

    [PRIMITIVES] simple names; [FULLNAMES] full names; [STRIP] only name, type, fields, symbols, items,
    values, size; [ORDER] in that order; [STRINGS] UTF-8, no escapes; [WHITESPACE] none. A named type
    met again is written as its full name.
    """
    seen = set() if seen is None else seen
    dump = lambda text: json.dumps(text, ensure_ascii=False)
    if isinstance(schema, list):
        return "[" + ",".join(canonical_form(branch, namespace, seen) for branch in schema) + "]"
    if isinstance(schema, str):
        return dump(schema if schema in PRIMITIVES else _full_name(schema, namespace))
    kind = schema["type"]
    if not isinstance(kind, str):
        return canonical_form(kind, namespace, seen)
    if kind in PRIMITIVES:
        return dump(kind)  # logicalType and other attributes are stripped
    if kind == "array":
        return '{"type":"array","items":' + canonical_form(schema["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + canonical_form(schema["values"], namespace, seen) + "}"
    if kind in ("record", "error", "enum", "fixed"):
        full = _full_name(schema["name"], schema.get("namespace") or namespace)
        if full in seen:
            return dump(full)
        seen.add(full)
        out = '{"name":' + dump(full) + ',"type":' + dump("record" if kind == "error" else kind)
        if kind == "enum":
            out += ',"symbols":[' + ",".join(dump(symbol) for symbol in schema["symbols"]) + "]"
        elif kind == "fixed":
            out += ',"size":' + str(int(schema["size"]))
        else:
            inner = _namespace_of(full)
            out += ',"fields":[' + ",".join(
                '{"name":' + dump(field["name"]) + ',"type":' + canonical_form(field["type"], inner, seen) + "}"
                for field in schema["fields"]) + "]"
        return out + "}"
    # A name of a type defined earlier in the same schema.
    return dump(_full_name(kind, namespace))


def fingerprint(schema) -> int:
    """CRC-64-AVRO of the Parsing Canonical Form: what single-object encoding puts in bytes 2-9."""
    return crc64_avro(canonical_form(schema).encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Resolving names, so the decoder can follow references to named types
# ---------------------------------------------------------------------------------------------

def _resolve(schema, namespace, names):
    """The schema with every named-type reference replaced by its definition and every name made full."""
    if isinstance(schema, list):
        return [_resolve(branch, namespace, names) for branch in schema]
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            return schema
        full = _full_name(schema, namespace)
        if full not in names:
            raise ValueError("unknown type name " + full)
        return names[full]
    kind = schema["type"]
    if not isinstance(kind, str):
        return _resolve(kind, namespace, names)
    if kind in PRIMITIVES:
        return kind
    if kind == "array":
        return {"type": "array", "items": _resolve(schema["items"], namespace, names)}
    if kind == "map":
        return {"type": "map", "values": _resolve(schema["values"], namespace, names)}
    if kind in ("record", "error", "enum", "fixed"):
        full = _full_name(schema["name"], schema.get("namespace") or namespace)
        resolved = {"type": "record" if kind == "error" else kind, "name": full}
        names[full] = resolved  # before the fields, so a record may refer to itself
        if kind == "enum":
            resolved["symbols"] = list(schema["symbols"])
        elif kind == "fixed":
            resolved["size"] = int(schema["size"])
        else:
            inner = _namespace_of(full)
            resolved["fields"] = [{"name": field["name"], "type": _resolve(field["type"], inner, names)}
                                  for field in schema["fields"]]
        return resolved
    return _resolve(kind, namespace, names)


# ---------------------------------------------------------------------------------------------
# Avro binary decoding (spec: "Binary Encoding")
# ---------------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, data: bytes, position: int):
        self.data = data
        self.position = position

    def read(self, length: int) -> bytes:
        if length < 0 or self.position + length > len(self.data):
            raise UndecodableValue("truncated body: wanted %d bytes at offset %d of %d" % (length, self.position, len(self.data)))
        chunk = self.data[self.position:self.position + length]
        self.position += length
        return chunk

    def long(self) -> int:
        """A zig-zag variable-length integer (int and long share the encoding)."""
        shift = 0
        accumulated = 0
        while True:
            if shift > 63:
                raise UndecodableValue("variable-length integer longer than 10 bytes at offset %d" % self.position)
            byte = self.read(1)[0]
            accumulated |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        return (accumulated >> 1) ^ -(accumulated & 1)


def _branch_name(schema):
    """The label of a union branch in the JSON encoding: the type name, or the full name of a named type."""
    if isinstance(schema, str):
        return schema
    return schema.get("name", schema["type"])


def _decode(schema, reader: _Reader):
    if isinstance(schema, list):
        index = reader.long()
        if not 0 <= index < len(schema):
            raise UndecodableValue("union branch %d does not exist (%d branches)" % (index, len(schema)))
        branch = schema[index]
        value = _decode(branch, reader)
        return None if branch == "null" else {_branch_name(branch): value}
    kind = schema if isinstance(schema, str) else schema["type"]
    if kind == "null":
        return None
    if kind == "boolean":
        byte = reader.read(1)[0]
        if byte > 1:
            raise UndecodableValue("boolean byte is %d, not 0 or 1" % byte)
        return byte == 1
    if kind == "int":
        value = reader.long()
        if not -2 ** 31 <= value < 2 ** 31:
            raise UndecodableValue("int out of range: %d" % value)
        return value
    if kind == "long":
        value = reader.long()
        if not -2 ** 63 <= value < 2 ** 63:
            raise UndecodableValue("long out of range: %d" % value)
        return value
    if kind == "float":
        return struct.unpack("<f", reader.read(4))[0]
    if kind == "double":
        return struct.unpack("<d", reader.read(8))[0]
    if kind == "bytes":
        return reader.read(reader.long()).decode("latin-1")  # the JSON encoding of bytes
    if kind == "string":
        raw = reader.read(reader.long())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise UndecodableValue("string is not UTF-8: %s" % e)
    if kind == "fixed":
        return reader.read(schema["size"]).decode("latin-1")
    if kind == "enum":
        index = reader.long()
        if not 0 <= index < len(schema["symbols"]):
            raise UndecodableValue("enum %s has no symbol %d" % (schema["name"], index))
        return schema["symbols"][index]
    if kind == "record":
        return {field["name"]: _decode(field["type"], reader) for field in schema["fields"]}
    if kind in ("array", "map"):
        items = [] if kind == "array" else {}
        while True:
            count = reader.long()
            if count == 0:
                return items
            if count < 0:
                count = -count
                reader.long()  # the block's size in bytes, which lets other readers skip it
            for _ in range(count):
                if kind == "array":
                    items.append(_decode(schema["items"], reader))
                else:
                    key = _decode("string", reader)
                    items[key] = _decode(schema["values"], reader)
    raise UndecodableValue("cannot decode schema type %r" % (kind,))


# ---------------------------------------------------------------------------------------------
# The catalog and single-object decoding
# ---------------------------------------------------------------------------------------------

class Decoded:
    """One decoded value: the writer schema's full name, its catalog version and the value in JSON encoding."""

    def __init__(self, full_name, version, fingerprint_value, value):
        self.full_name = full_name
        self.version = version
        self.fingerprint = fingerprint_value
        self.value = value

    def as_json(self):
        return {"schema": self.full_name, "version": self.version, "fingerprint": "0x%016x" % self.fingerprint,
                "value": self.value}


class Catalog:
    """Every released writer schema, by fingerprint."""

    def __init__(self, entries):
        self.entries = entries  # fingerprint -> (full name, version, resolved schema)

    @staticmethod
    def load(directory):
        entries = {}
        for record in sorted(os.listdir(directory)):
            record_dir = os.path.join(directory, record)
            if not os.path.isdir(record_dir):
                continue
            for file_name in sorted(os.listdir(record_dir)):
                if not file_name.endswith(".avsc"):
                    continue
                with open(os.path.join(record_dir, file_name), encoding="utf-8") as f:
                    schema = json.load(f)
                value = fingerprint(schema)
                full = _full_name(schema["name"], schema.get("namespace", ""))
                version = file_name[:-len(".avsc")]
                if value in entries:
                    raise ValueError("%s/%s has the same fingerprint as %s" % (record, file_name, entries[value][0]))
                entries[value] = (full, version, _resolve(schema, "", {}))
        return Catalog(entries)

    def decode(self, data: bytes) -> Decoded:
        if data is None:
            raise UndecodableValue("a null value (tombstone) is not a record")
        if len(data) < HEADER_LENGTH or data[:2] != MARKER:
            raise UndecodableValue("not Avro single-object encoded: %d bytes, expected C3 01 and an 8-byte fingerprint" % len(data))
        value = struct.unpack("<Q", data[2:HEADER_LENGTH])[0]
        if value not in self.entries:
            raise UndecodableValue("no released schema known to this reader has fingerprint 0x%016x: it was written by a"
                                   " newer writer (upgrade this reader first: add the new catalog files, see"
                                   " docs/wire-format.md) or it is not Avro single-object encoding" % value)
        full, version, schema = self.entries[value]
        reader = _Reader(data, HEADER_LENGTH)
        decoded = _decode(schema, reader)
        if reader.position != len(data):
            raise UndecodableValue("%d trailing bytes after the %s body" % (len(data) - reader.position, full))
        return Decoded(full, version, value, decoded)


# ---------------------------------------------------------------------------------------------
# One line per event, exactly as ./bank tail prints it (org.eventbank.platform.tail.EventLine)
# ---------------------------------------------------------------------------------------------

_AVRO = "org.eventbank.schemas.avro."
_EPOCH = datetime.datetime(1970, 1, 1)


def _time(millis):
    """timestamp-millis as UTC with exactly three fraction digits, e.g. 2026-11-23T10:15:30.123Z."""
    try:
        t = _EPOCH + datetime.timedelta(milliseconds=millis)
    except OverflowError:
        return "%d ms since the epoch" % millis  # beyond the years 1-9999 datetime knows
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (t.year, t.month, t.day, t.hour, t.minute, t.second,
                                                   t.microsecond // 1000)


def _optional(record, name):
    """The value of a ["null", X] field, unwrapped; None if null or if the writer's version has no such field (v1)."""
    wrapped = record.get(name)
    return None if wrapped is None else next(iter(wrapped.values()))


def _quoted(text):
    """A JSON string: quotes, backslashes and control characters escaped, so no value can break the line."""
    return json.dumps(text, ensure_ascii=False)


def _token(text):
    """An identifier as it is if it is printable ASCII without space, quote or backslash; else quoted."""
    return text if text and all(" " < ch < "\x7f" and ch not in '"\\' for ch in text) else _quoted(text)


# Transfer events (contract v3): the sign seen from the account, and whether the other account is where the money went.
_TRANSFERS = {
    _AVRO + "TransferDebited": ("-", "to"),
    _AVRO + "TransferCredited": ("+", "from"),
    _AVRO + "TransferReversed": ("+", "from"),
}
_EVENTS = (_AVRO + "AccountOpened", _AVRO + "Deposited", _AVRO + "Withdrawn", _AVRO + "AccountClosed") + tuple(_TRANSFERS)


def event_line(decoded):
    """The `./bank tail` line of an event; v2 fields (reason, by, corr) only where present and not null.

    A transfer event (v3) also names the other account and the transfer (its correlationId, printed as
    `transfer <id>` instead of `corr <id>`), the debit its client's reference, the reversal its reason.
    """
    v = decoded.value
    name = decoded.full_name
    if name not in _EVENTS:
        raise UndecodableValue("%s %s is not an event this reader can print as a line (not from the events topic, or a"
                               " newer event type: upgrade this reader first; without --lines it prints any record as"
                               " JSON)" % (name, decoded.version))
    columns = [_time(v["occurredAt"]), v["accountId"], "v%d" % v["version"], name[len(_AVRO):]]
    if name == _AVRO + "AccountOpened":
        columns += [v["currency"], "owner " + v["owner"]]
    elif name in (_AVRO + "Deposited", _AVRO + "Withdrawn"):
        sign = "+" if name == _AVRO + "Deposited" else "-"
        columns += ["%s%d %s" % (sign, v["amountMinor"], v["currency"]), "balance %d %s" % (v["balanceAfterMinor"], v["currency"])]
    elif name in _TRANSFERS:
        sign, direction = _TRANSFERS[name]
        columns += ["%s%d %s" % (sign, v["amountMinor"], v["currency"]), "balance %d %s" % (v["balanceAfterMinor"], v["currency"]),
                    direction + " " + _token(v["counterpartyAccountId"])]
        if _optional(v, "correlationId") is not None:
            columns.append("transfer " + _token(_optional(v, "correlationId")))
        if _optional(v, "reference") is not None:
            columns.append("reference " + _quoted(_optional(v, "reference")))
        if name == _AVRO + "TransferReversed":
            columns.append("reason " + v["reason"].lower().replace("_", "-"))
    else:  # AccountClosed
        columns += [v["currency"], "balance %d %s" % (v["balanceAfterMinor"], v["currency"])]
        if _optional(v, "reason") is not None:
            columns.append("reason " + _quoted(_optional(v, "reason")))
    initiator = _optional(v, "initiatedBy")
    if initiator is not None:
        client = _optional(initiator, "clientId")
        columns.append("by " + _token(initiator["subject"]) + ("" if client is None else " via " + _token(client)))
    if _optional(v, "correlationId") is not None and name not in _TRANSFERS:
        columns.append("corr " + _token(_optional(v, "correlationId")))
    return "  ".join(columns)


def _default_catalog():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "..", "schemas", "src", "main", "resources", "org", "eventbank", "schemas", "catalog")


def main(argv):
    parser = argparse.ArgumentParser(description="Decode eventbank record values given as one hex string per line.")
    parser.add_argument("--catalog", default=_default_catalog(), help="directory of <Record>/v<N>.avsc files")
    parser.add_argument("--print-fingerprints", action="store_true", help="print each catalog schema's fingerprint and exit")
    parser.add_argument("--lines", action="store_true", help="print each event as the line ./bank tail prints, not as JSON")
    parser.add_argument("files", nargs="*", help="files of hex-encoded values, one per line (default: stdin)")
    args = parser.parse_args(argv)
    catalog = Catalog.load(args.catalog)
    if args.print_fingerprints:
        for value, (full, version, _) in sorted(catalog.entries.items(), key=lambda entry: (entry[1][0], int(entry[1][1][1:]))):
            print("%s %s 0x%016x" % (full, version, value))
        return 0
    line_number = 0
    for name in args.files or ["-"]:
        stream = sys.stdin if name == "-" else open(name, encoding="ascii")
        try:
            for line in stream:
                line_number += 1
                text = "".join(line.split())
                if not text:
                    continue
                try:
                    decoded = catalog.decode(bytes.fromhex(text))
                    output = event_line(decoded) if args.lines else json.dumps(decoded.as_json(), ensure_ascii=False,
                                                                                separators=(",", ":"))
                except (UndecodableValue, ValueError) as e:
                    sys.stdout.flush()
                    print("STOPPED at input line %d: %s" % (line_number, e), file=sys.stderr)
                    return 2
                print(output)
        finally:
            if stream is not sys.stdin:
                stream.close()
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
