"""Error codes of the oversight app (stable: the API answers them)."""

from __future__ import annotations

from enum import StrEnum


class OversightCode(StrEnum):
    PERIOD_INVALID = "oversight.period_invalid"  # end before start, or longer than allowed
    EXPORT_TOO_LARGE = "oversight.export_too_large"  # more rows than one export may hold
