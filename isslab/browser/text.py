"""Reading numbers and clock times out of a page's text, whatever the locale's formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A group of thousands may be split by ".", ",", a space, a no-break or a narrow no-break space.
_NUMBER = re.compile(r"[-−]?\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)"
                     r"|[-−]?\d+(?:[.,]\d+)?")
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?![\d:])")
_SPACES = "\u00a0\u202f "


def numbers_in(text: str) -> list[float]:
    """Every number in the text under both readings of "." and "," (decimal or grouping)."""
    found = []
    for token in _NUMBER.findall(text):
        token = token.replace("−", "-").strip(_SPACES)
        for decimal, grouping in ((".", ","), (",", ".")):
            plain = token.translate({ord(c): None for c in grouping + _SPACES})
            try:
                found.append(float(plain.replace(decimal, ".")))
            except ValueError:
                continue
    return found


def has_value(numbers: Iterable[float], value: float, tolerance: float) -> bool:
    """Whether some number is within tolerance of value (sign ignored: N/S, E/W labels)."""
    return any(abs(abs(number) - abs(value)) <= tolerance for number in numbers)


def times_in(text: str) -> list[int]:
    """Every HH:MM or HH:MM:SS in the text, as seconds since midnight."""
    return [int(h) * 3600 + int(m) * 60 + int(s or 0) for h, m, s in _TIME.findall(text)]
