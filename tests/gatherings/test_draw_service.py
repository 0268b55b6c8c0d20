"""The lucky draw: published and locked before the gathering, run among the guests checked in
at the door, each run kept, the seed revealed so anyone can recompute the winners."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.draw_procedure import compute_winners
from lianyi.gatherings.models import Draw, DrawRun, InvitationState
from lianyi.gatherings.selectors.draw import draw_state, public_draw, verify_draw
from lianyi.gatherings.services.draw import (
    Prize,
    lock_draw,
    publish_draw_rules,
    reveal_seed,
    run_draw_round,
)
from tests.conftest import World, make_customer
from tests.gatherings.door import admit, start_gathering

PRIZES = [Prize("电饭煲", Decimal("299.00"), 1), Prize("保温杯", "59.9", 2)]


def publish(world: World, prizes: list[Prize] | None = None) -> Draw:
    return publish_draw_rules(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        rules="入场嘉宾每户一个号，每户最多中一次。",
        prizes=prizes or PRIZES,
    )


def guests(world: World, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        customer = make_customer(world, step=5)
        ids.append(admit(customer, by=world.event_staff, gathering=world.gathering).pk)
    return ids


def code_of(excinfo: pytest.ExceptionInfo[DomainError]) -> str:
    return excinfo.value.code


def test_locking_commits_to_the_sha256_of_a_secret_seed(world: World) -> None:
    publish(world)
    draw = lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    assert len(draw.seed) == 64
    assert draw.seed_commitment == hashlib.sha256(draw.seed.encode()).hexdigest()
    entry = AuditEntry.objects.get(action="gatherings.draw.locked")
    # the audit log keeps the commitment, never the secret seed
    assert draw.seed not in str(entry.data) and entry.data["commitment"] == draw.seed_commitment


def test_prizes_are_stored_as_yuan_with_two_places(world: World) -> None:
    draw = publish(world)
    assert draw.prizes == [
        {"name": "电饭煲", "value": "299.00", "count": 1},
        {"name": "保温杯", "value": "59.90", "count": 2},
    ]


def test_a_prize_over_the_legal_cap_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as excinfo:
        publish(world, [Prize("汽车", Decimal("50000.01"), 1)])
    assert code_of(excinfo) == GatheringCode.DRAW_PRIZE_OVER_CAP
    assert publish(world, [Prize("金条", Decimal("50000"), 1)]).prizes[0]["value"] == "50000.00"


@pytest.mark.parametrize(
    "prize",
    [Prize("杯子", "abc", 1), Prize("杯子", "-1", 1), Prize("杯子", "10", 0), Prize("", "10", 1)],
)
def test_bad_prizes_are_refused(world: World, prize: Prize) -> None:
    with pytest.raises(DomainError) as excinfo:
        publish(world, [prize])
    assert code_of(excinfo) in {GatheringCode.DRAW_PRIZE_INVALID, "required"}


def test_nothing_changes_after_locking(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    with pytest.raises(DomainError) as excinfo:
        publish(world, [Prize("电视", "3000", 1)])
    assert code_of(excinfo) == GatheringCode.DRAW_LOCKED
    with pytest.raises(DomainError) as excinfo:
        lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    assert code_of(excinfo) == GatheringCode.DRAW_LOCKED
    assert Draw.objects.get().prizes[0]["name"] == "电饭煲"


def test_rules_cannot_be_published_or_locked_once_the_gathering_started(world: World) -> None:
    publish(world)
    start_gathering(world.gathering)
    with pytest.raises(DomainError) as excinfo:
        lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    assert code_of(excinfo) == GatheringCode.DRAW_TOO_LATE


def test_a_run_before_the_rules_are_locked_is_refused(world: World) -> None:
    publish(world)
    guests(world, 2)
    start_gathering(world.gathering)
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    assert code_of(excinfo) == GatheringCode.DRAW_NOT_LOCKED
    assert not DrawRun.objects.exists()


def test_a_run_before_the_gathering_starts_is_refused(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    assert code_of(excinfo) == GatheringCode.DRAW_NOT_STARTED


def test_a_run_with_no_guest_checked_in_is_refused(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    make_customer(world, step=5)  # invited and delivered, but never came through the door
    start_gathering(world.gathering)
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    assert code_of(excinfo) == GatheringCode.DRAW_NO_ELIGIBLE


def test_only_households_checked_in_at_the_door_are_eligible_in_id_order(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    admitted = guests(world, 3)
    make_customer(world, step=5)  # invited, not checked in
    start_gathering(world.gathering)
    run = run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    assert [e["id"] for e in run.eligible] == sorted(admitted)
    # the public label reveals the surname and the mobile's last four digits only
    assert all(e["label"].startswith("张**") and len(e["label"]) == 8 for e in run.eligible)


def test_rounds_run_once_in_order_and_winners_follow_from_the_seed(world: World) -> None:
    # given a locked draw and five households at the door
    publish(world)
    draw = lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    admitted = guests(world, 5)
    start_gathering(world.gathering)
    gid = world.gathering.pk
    # when rounds run out of order or twice
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=gid, round_no=2)
    assert code_of(excinfo) == GatheringCode.DRAW_ROUND_UNKNOWN
    first = run_draw_round(by=world.supervisor, gathering_id=gid, round_no=1)
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.manager, gathering_id=gid, round_no=1)
    assert code_of(excinfo) == GatheringCode.DRAW_ROUND_DONE
    second = run_draw_round(by=world.supervisor, gathering_id=gid, round_no=2)
    # then each round's winners are the procedure's, and a household wins at most once
    assert [w["id"] for w in first.winners] == compute_winners(draw.seed, sorted(admitted), 1, 1)
    first_winner = first.winners[0]["id"]
    assert first_winner not in [e["id"] for e in second.eligible]
    remaining = sorted(set(admitted) - {first_winner})
    assert [w["id"] for w in second.winners] == compute_winners(draw.seed, remaining, 2, 2)
    assert [w["prize"] for w in second.winners] == ["保温杯", "保温杯"]
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=gid, round_no=3)
    assert code_of(excinfo) == GatheringCode.DRAW_ROUND_UNKNOWN
    assert DrawRun.objects.count() == 2


def test_the_revealed_seed_recomputes_every_round_and_matches_the_commitment(
    world: World,
) -> None:
    publish(world)
    draw = lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    guests(world, 4)
    start_gathering(world.gathering)
    gid = world.gathering.pk
    run_draw_round(by=world.supervisor, gathering_id=gid, round_no=1)
    # the seed is not revealed before every round is drawn
    with pytest.raises(DomainError) as excinfo:
        reveal_seed(by=world.supervisor, gathering_id=gid)
    assert code_of(excinfo) == GatheringCode.DRAW_NOT_FINISHED
    hidden, runs = public_draw(commitment=draw.seed_commitment)
    assert verify_draw(hidden, runs).revealed is False
    run_draw_round(by=world.supervisor, gathering_id=gid, round_no=2)
    reveal_seed(by=world.supervisor, gathering_id=gid)
    # then anyone with the commitment sees the draw verified
    revealed, runs = public_draw(commitment=draw.seed_commitment)
    check = verify_draw(revealed, runs)
    assert check.verified and len(check.rounds) == 2
    # no more runs after the reveal
    with pytest.raises(DomainError) as excinfo:
        run_draw_round(by=world.supervisor, gathering_id=gid, round_no=3)
    assert code_of(excinfo) == GatheringCode.DRAW_REVEALED


def test_tampering_with_a_kept_run_or_the_seed_fails_verification(world: World) -> None:
    publish(world, [Prize("保温杯", "59", 2)])
    draw = lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    admitted = guests(world, 6)
    start_gathering(world.gathering)
    run = run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    reveal_seed(by=world.supervisor, gathering_id=world.gathering.pk)
    draw.refresh_from_db()
    assert verify_draw(draw, [run]).verified
    # a winner swapped for a loser
    loser = next(i for i in admitted if i not in [w["id"] for w in run.winners])
    run.winners[0]["id"] = loser
    assert not verify_draw(draw, [run]).verified
    run.refresh_from_db()
    # a winning household dropped from the published list (dropping a loser may, by chance,
    # leave the same winners: the list itself is what the published record vouches for)
    winner = run.winners[0]["id"]
    run.eligible = [e for e in run.eligible if e["id"] != winner]
    assert not verify_draw(draw, [run]).verified
    run.refresh_from_db()
    # another seed
    draw.seed = "00" * 32
    assert verify_draw(draw, [run]).commitment_matches is False
    assert not verify_draw(draw, [run]).verified


def test_a_revoked_invitation_is_not_eligible_even_if_it_was_scanned(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    kept, revoked = guests(world, 2)
    from lianyi.gatherings.models import Invitation

    Invitation.objects.filter(pk=revoked).update(state=InvitationState.REVOKED)
    start_gathering(world.gathering)
    run = run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    assert [e["id"] for e in run.eligible] == [kept]


def test_reps_cannot_run_the_draw_and_other_companies_cannot_see_it(world: World) -> None:
    with pytest.raises(DomainError) as excinfo:
        publish_draw_rules(by=world.rep, gathering_id=world.gathering.pk, rules="x", prizes=PRIZES)
    assert code_of(excinfo) == "forbidden"
    with pytest.raises(DomainError) as excinfo:
        draw_state(user=world.outsider_admin, gathering_id=world.gathering.pk)
    assert code_of(excinfo) == "not_found"


def test_every_step_is_audited(world: World) -> None:
    publish(world)
    lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    guests(world, 3)
    start_gathering(world.gathering)
    run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=2)
    reveal_seed(by=world.supervisor, gathering_id=world.gathering.pk)
    actions = list(
        AuditEntry.objects.filter(action__startswith="gatherings.draw")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "gatherings.draw.published",
        "gatherings.draw.locked",
        "gatherings.draw.run",
        "gatherings.draw.run",
        "gatherings.draw.revealed",
    ]


def test_the_seed_can_be_revealed_once_the_gathering_is_closed_even_with_prizes_left(
    world: World,
) -> None:
    from lianyi.gatherings.models import Gathering, GatheringState

    publish(world)
    draw = lock_draw(by=world.supervisor, gathering_id=world.gathering.pk)
    guests(world, 1)
    start_gathering(world.gathering)
    run_draw_round(by=world.supervisor, gathering_id=world.gathering.pk, round_no=1)
    # round 2 can never run: its only household already won
    Gathering.objects.filter(pk=world.gathering.pk).update(state=GatheringState.CLOSED)
    revealed = reveal_seed(by=world.supervisor, gathering_id=world.gathering.pk)
    assert revealed.revealed_at is not None and revealed.seed == draw.seed
