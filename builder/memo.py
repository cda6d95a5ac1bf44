"""What one build keeps for the next in the same process (`brief serve`): memos and tokens.

A memo's key holds everything its result depends on, so a hit is never stale; tokens stand
for large values in keys, so keys compare by identity instead of walking the value.
"""
from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type)


DERIVED = "_derived"  # the field of values derived from an object's own, made once (see `derived`)


def kept(cls: C) -> C:
    """A frozen, slotted dataclass that builds keep on disk (builder/cache.py), pickled as the tuple of
    its fields: dataclasses' own pickling looks its fields up again for each of the 100,000 objects a
    large brief keeps, which takes half the time of reading the cache. Its derived values are not kept
    (a hash differs from one process to the next): they start empty."""
    names = tuple(field.name for field in dataclasses.fields(cls) if field.name != DERIVED)
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))
    setattr_ = object.__setattr__
    has_derived = DERIVED in {field.name for field in dataclasses.fields(cls)}

    def __getstate__(self: object) -> tuple:
        return values(self)

    def __setstate__(self: object, state: tuple) -> None:
        for name, value in zip(names, state):
            setattr_(self, name, value)
        if has_derived:
            setattr_(self, DERIVED, {})

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


class Memo:
    """Results by key. Results of content that is gone stay until the memo holds more than
    `bound` of them; then it starts again."""

    def __init__(self) -> None:
        self._data: dict = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        try:
            return self._data[key]
        except KeyError:
            value = self._data[key] = make()
            return value

    def bound(self, size: int) -> None:
        if len(self._data) > size:
            self._data.clear()

    def clear(self) -> None:
        self._data.clear()


class Token:
    """Stands for a large value in keys: equal values seen one after the other (under one name)
    get the same token, which compares and hashes by identity."""

    __slots__ = ("value",)
    _last: dict[str, Token] = {}

    def __init__(self, value: object) -> None:
        self.value = value

    @classmethod
    def of(cls, name: str, value: object) -> Token:
        last = cls._last.get(name)
        if last is None or last.value != value:
            last = cls._last[name] = cls(value)
        return last


def derived(method: Callable[[T], object]) -> property:
    """A property of a frozen object made once and kept in its `_derived` dict (slotted dataclasses
    have no room for functools.cached_property): what every page asks of every note, asked once."""
    name = method.__name__

    def get(self: T) -> object:
        cache = getattr(self, DERIVED)
        try:
            return cache[name]
        except KeyError:
            value = cache[name] = method(self)
            return value
    get.__doc__ = method.__doc__
    return property(get)
