"""The lucky draw's procedure, as a pure function anyone can run (no Django, standard library
only): copy this file, take the seed revealed after the gathering and the published list of
checked-in invitation ids, and the winners come out the same.

The procedure (also in docs/draw.md):

1. Before the gathering the organiser draws a secret ``seed`` of 32 random bytes, written as
   64 lowercase hexadecimal characters, and publishes ``commitment = SHA-256(seed)`` (the
   SHA-256 of the seed's 64 ASCII characters, as lowercase hex). Rules and prizes are locked at
   the same moment.
2. Each prize is one round, numbered 1, 2, 3, ... in the published order of the prizes. A
   round draws from the *eligible list*: the invitations checked in at the door, minus the
   households that already won in an earlier round, sorted by invitation id (ascending). The
   list is published with each run.
3. For a round ``r`` that awards ``count`` prizes, start with ``remaining`` = the eligible list
   and for ``k = 0, 1, ..., count - 1`` (while ``remaining`` is not empty):

       h = int(SHA-256(ASCII(seed + ":" + str(r) + ":" + str(k))), 16)
       winner = remaining.pop(h mod len(remaining))

   i.e. a Fisher–Yates style selection without replacement. A round awards at most as many
   prizes as there are eligible households. (The 256-bit ``h`` makes the modulo bias smaller
   than ``len(remaining) / 2**256``: nothing anyone could measure.)
4. After the rounds the seed is revealed. Anyone checks ``SHA-256(seed) == commitment`` and
   recomputes every round with :func:`compute_winners`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence

SEED_HEX_LENGTH = 64


def commitment_of(seed: str) -> str:
    """The published commitment to ``seed``: SHA-256 of its ASCII text, lowercase hex."""
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def draw_number(seed: str, round_no: int, k: int) -> int:
    """The ``k``-th number of round ``round_no``: SHA-256(seed:round:k) read as an integer."""
    message = f"{seed}:{round_no}:{k}".encode("ascii")
    return int(hashlib.sha256(message).hexdigest(), 16)


def compute_winners(seed: str, eligible_ids: Sequence[int], count: int, round_no: int) -> list[int]:
    """The winners of round ``round_no`` (``count`` prizes) among ``eligible_ids``, in the
    order they were drawn. ``eligible_ids`` must be in the published order (ascending ids)."""
    if count < 0 or round_no < 1:
        raise ValueError("count must be >= 0 and round_no >= 1")
    remaining = list(eligible_ids)
    winners: list[int] = []
    for k in range(count):
        if not remaining:
            break
        index = draw_number(seed, round_no, k) % len(remaining)
        winners.append(remaining.pop(index))
    return winners


def verify(
    seed: str,
    commitment: str,
    rounds: Sequence[tuple[int, Sequence[int], int, Sequence[int]]],
) -> bool:
    """True when ``seed`` matches ``commitment`` and every published round
    ``(round_no, eligible_ids, count, winners)`` is what :func:`compute_winners` gives."""
    if commitment_of(seed) != commitment:
        return False
    return all(
        list(eligible) == sorted(eligible)
        and compute_winners(seed, eligible, count, round_no) == list(winners)
        for round_no, eligible, count, winners in rounds
    )


if __name__ == "__main__":  # pragma: no cover - a command line for anyone who checks a draw
    # Usage: python draw_procedure.py SEED ROUND COUNT '[1, 5, 9]'
    seed_arg, round_arg, count_arg, ids_arg = sys.argv[1:5]
    ids = [int(i) for i in json.loads(ids_arg)]
    print(json.dumps(compute_winners(seed_arg, ids, int(count_arg), int(round_arg))))
