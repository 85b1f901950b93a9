"""PolicyDocument ↔ JSON bytes by msgspec, so a store keeps parsed documents without re-parsing them.

msgspec encodes and decodes the frozen dataclasses of ``model`` by their type hints (dates as ISO strings, enums
by value, tuples as arrays), validating every field's type on the way in; adding a field to the model needs no
change here. The envelope carries a format number: format 1 (the hand-written encoder of earlier versions)
has the same shape and is read by the same decoder.
"""

from __future__ import annotations

import msgspec

from . import model
from .errors import StoreError

FORMAT_VERSION = 1
READABLE_FORMATS = (1,)


class _Envelope(msgspec.Struct):
    format: int
    document: model.PolicyDocument


class _Header(msgspec.Struct):
    format: int


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(_Envelope)
_HEADER = msgspec.json.Decoder(_Header)


def encode_document(doc: model.PolicyDocument) -> bytes:
    return _ENCODER.encode(_Envelope(FORMAT_VERSION, doc))


def decode_document(data: bytes, source: str) -> model.PolicyDocument:
    """The document in ``data``; StoreError naming ``source`` and the problem when it cannot be read."""
    try:
        header = _HEADER.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"{source}: not a stored document ({_short(exc)})") from exc
    if header.format not in READABLE_FORMATS:
        raise StoreError(f"{source}: stored by another policykg version (format {header.format}; this one "
                         f"reads {', '.join(map(str, READABLE_FORMATS))})")
    try:
        return _DECODER.decode(data).document
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise StoreError(f"{source}: stored document is damaged ({_short(exc)})") from exc


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def to_dict(value):
    """A JSON-ready dict of any model value (exports and tests)."""
    return msgspec.to_builtins(value)


def document_from_dict(data: dict) -> model.PolicyDocument:
    return msgspec.convert(data, model.PolicyDocument)
