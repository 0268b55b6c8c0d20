"""The draw's public procedure: a pure function anyone can run to check the winners."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

import pytest

from lianyi.gatherings import draw_procedure
from lianyi.gatherings.draw_procedure import commitment_of, compute_winners, verify

SEED = "0f" * 32
IDS = [3, 8, 11, 20, 21, 35, 40]


def test_commitment_is_sha256_of_the_seed_text() -> None:
    assert commitment_of(SEED) == hashlib.sha256(SEED.encode("ascii")).hexdigest()


def test_winners_follow_the_documented_procedure_step_by_step() -> None:
    # given the procedure written out by hand
    remaining = list(IDS)
    expected = []
    for k in range(3):
        h = int(hashlib.sha256(f"{SEED}:2:{k}".encode("ascii")).hexdigest(), 16)
        expected.append(remaining.pop(h % len(remaining)))
    # then the function gives the same winners, in order
    assert compute_winners(SEED, IDS, 3, 2) == expected


def test_winners_are_distinct_members_of_the_list_and_deterministic() -> None:
    winners = compute_winners(SEED, IDS, 5, 1)
    assert len(set(winners)) == 5 and set(winners) <= set(IDS)
    assert compute_winners(SEED, IDS, 5, 1) == winners


def test_a_round_awards_at_most_as_many_prizes_as_there_are_households() -> None:
    assert sorted(compute_winners(SEED, IDS, 50, 1)) == sorted(IDS)
    assert compute_winners(SEED, [], 3, 1) == []


def test_another_seed_or_round_gives_other_winners() -> None:
    many = list(range(1, 200))
    base = compute_winners(SEED, many, 5, 1)
    assert compute_winners("1f" * 32, many, 5, 1) != base
    assert compute_winners(SEED, many, 5, 2) != base


def test_verify_accepts_the_true_draw_and_refuses_any_tampering() -> None:
    commitment = commitment_of(SEED)
    winners = compute_winners(SEED, IDS, 2, 1)
    assert verify(SEED, commitment, [(1, IDS, 2, winners)])
    # a different seed, a swapped winner, a guest removed from the list, a reordered list
    assert not verify("1f" * 32, commitment, [(1, IDS, 2, winners)])
    other = next(i for i in IDS if i not in winners)
    assert not verify(SEED, commitment, [(1, IDS, 2, [winners[0], other])])
    shorter = [i for i in IDS if i != winners[0]]
    assert not verify(SEED, commitment, [(1, shorter, 2, winners)])
    assert not verify(SEED, commitment, [(1, list(reversed(IDS)), 2, winners)])


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        compute_winners(SEED, IDS, -1, 1)
    with pytest.raises(ValueError):
        compute_winners(SEED, IDS, 1, 0)


def test_the_procedure_module_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(draw_procedure.__file__).read_text(encoding="utf-8"))
    modules = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert modules <= {"__future__", "hashlib", "collections", "json", "sys"}
