"""PolicyDocument ↔ JSON-ready dicts, so a store can keep parsed documents without re-parsing them.

Generic over the frozen dataclasses of ``model``: every field is written by name, and read back by the type
hints, so adding a field to the model needs no change here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import cache

from . import model


def to_dict(value):
    if dataclasses.is_dataclass(value):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_dict(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls, vars(model))


def _from(tp, data):
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from(inner[0], data)
    if origin is tuple:
        return tuple(_from(typing.get_args(tp)[0], v) for v in data)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _from(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data})
    if tp is date:
        return date.fromisoformat(data)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    return data


def document_from_dict(data: dict) -> model.PolicyDocument:
    return _from(model.PolicyDocument, data)
