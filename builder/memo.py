"""What one build keeps for the next in the same process (`brief serve`): memos and tokens.

A memo's key holds everything its result depends on, so a hit is never stale; tokens stand
for large values in keys, so keys compare by identity instead of walking the value.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


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
