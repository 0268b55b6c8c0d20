"""Error codes of the oversight app (stable: the API answers them)."""

from __future__ import annotations

from enum import StrEnum


class OversightCode(StrEnum):
    PERIOD_INVALID = "oversight.period_invalid"  # end before start, or longer than allowed
    EXPORT_TOO_LARGE = "oversight.export_too_large"  # more rows than EXPORT_MAX_ROWS
    NO_CJK_FONT = "oversight.no_cjk_font"  # a PDF without a Chinese font would print boxes
