"""The ways the fake service can misbehave on purpose."""

from __future__ import annotations

import enum


class Fault(str, enum.Enum):
    """A failure the fake service imitates until it is cleared."""

    HTTP_500 = "http_500"
    SLOW = "slow"
    MALFORMED = "malformed"
    REFUSED = "refused"

    @classmethod
    def parse(cls, value: Fault | str | None) -> Fault | None:
        """A Fault from itself, its value or its name (any case); None stays None."""
        if value is None or isinstance(value, Fault):
            return value
        text = str(value).strip().lower()
        for fault in cls:
            if text in (fault.value, fault.name.lower()):
                return fault
        names = ", ".join(fault.value for fault in cls)
        raise ValueError(f"unknown fault {value!r}; expected one of: {names}")
