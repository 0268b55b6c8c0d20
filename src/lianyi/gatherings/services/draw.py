"""The lucky draw (抽奖): rules and prizes published and locked before the gathering, one run per
prize round among the households checked in at the door, the seed revealed afterwards.

Locking draws a secret seed (``secrets.token_hex(32)``) and publishes its SHA-256 commitment;
from then on nothing about the draw can change. Each round's winners follow from the seed and
the published eligible list by the procedure in :mod:`lianyi.gatherings.draw_procedure`
(documented in docs/draw.md): nobody chooses, excludes or re-draws a winner, and every run is
kept. Staff are never eligible: they have no invitations.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, CoreCode, DomainError
from lianyi.core.fields import FieldError, check_money
from lianyi.core.validation import require_text
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.draw_procedure import commitment_of, compute_winners
from lianyi.gatherings.locks import lock_draw_row, lock_gathering_row
from lianyi.gatherings.models import (
    MAX_PRIZE_VALUE_YUAN,
    Draw,
    DrawRun,
    Gathering,
    GatheringState,
)
from lianyi.gatherings.selectors.draw import eligible_invitations, public_label
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

MAX_RULES_LENGTH = 5_000
MAX_PRIZE_COUNT = 1_000
MAX_PRIZES = 30


@dataclass(frozen=True)
class Prize:
    name: str
    value: Decimal | str | int
    count: int


def _gathering_for(by: User, gathering_id: int, *, lock: bool = False) -> Gathering:
    gathering = get_gathering(user=by, gathering_id=gathering_id)
    if lock:  # publishing and locking are decided on the gathering's start, held still
        gathering = lock_gathering_row(gathering.pk)
    return gathering


def clean_prizes(prizes: list[Prize]) -> list[dict[str, Any]]:
    """Prizes as stored and published: name, value in yuan (two places, a string) and count."""
    if not prizes:
        raise DomainError(
            _("请至少填写一个奖品。"),
            code=GatheringCode.DRAW_PRIZE_INVALID,
            extra={"field": "prizes"},
        )
    if len(prizes) > MAX_PRIZES:
        raise DomainError(
            _("奖品最多 %(max)s 项。") % {"max": MAX_PRIZES},
            code=GatheringCode.DRAW_PRIZE_INVALID,
            extra={"field": "prizes"},
        )
    cleaned = []
    for index, prize in enumerate(prizes):
        name = require_text(prize.name, field="prizes", label=_("奖品名称"), max_length=100)
        try:
            # Two decimals at most, refused beyond (0.005 is no prize of 0.00), never rounded.
            value = check_money(prize.value)
        except FieldError as error:
            code = (
                error.code
                if error.code == CoreCode.MONEY_PRECISION
                else GatheringCode.DRAW_PRIZE_INVALID
            )
            message = error.message if code == error.code else _("奖品价值要填写金额（元）。")
            raise DomainError(
                message, code=code, extra={"field": "prizes", "index": index}
            ) from None
        if value > MAX_PRIZE_VALUE_YUAN:
            raise DomainError(
                _("奖品“%(name)s”价值 %(value)s 元，超过法定上限 %(max)s 元。")
                % {"name": name, "value": value, "max": MAX_PRIZE_VALUE_YUAN},
                code=GatheringCode.DRAW_PRIZE_OVER_CAP,
                extra={"field": "prizes", "index": index, "max": MAX_PRIZE_VALUE_YUAN},
            )
        count = prize.count
        if (
            not isinstance(count, int)
            or isinstance(count, bool)
            or not 1 <= count <= MAX_PRIZE_COUNT
        ):
            raise DomainError(
                _("每项奖品的数量为 1 至 %(max)s。") % {"max": MAX_PRIZE_COUNT},
                code=GatheringCode.DRAW_PRIZE_INVALID,
                extra={"field": "prizes", "index": index},
            )
        cleaned.append({"name": name, "value": str(value), "count": count})
    return cleaned


def _refuse_if_locked(draw: Draw | None) -> None:
    if draw is not None and draw.locked_at is not None:
        raise Conflict(_("抽奖规则和奖品已锁定，不能再修改。"), code=GatheringCode.DRAW_LOCKED)


def _refuse_if_started(gathering: Gathering) -> None:
    if now() >= gathering.starts_at:
        raise DomainError(
            _("联谊会已经开始，抽奖规则只能在开始前公布和锁定。"),
            code=GatheringCode.DRAW_TOO_LATE,
        )


@transaction.atomic
def publish_draw_rules(*, by: User, gathering_id: int, rules: str, prizes: list[Prize]) -> Draw:
    """Write (or rewrite, until locked) the rules and prizes of a gathering's draw."""
    require_capability(by, Capability.GATHERINGS_DRAW)
    gathering = _gathering_for(by, gathering_id, lock=True)
    draw = lock_draw_row(gathering)
    _refuse_if_locked(draw)
    _refuse_if_started(gathering)
    text = require_text(rules, field="rules", label=_("抽奖规则"), max_length=MAX_RULES_LENGTH)
    cleaned = clean_prizes(prizes)
    if draw is None:
        draw = Draw.objects.create(gathering=gathering, rules=text, prizes=cleaned)
        audit(
            by,
            "gatherings.draw.published",
            draw,
            data={"prizes": cleaned},
            company=gathering.company,
        )
        return draw
    changes: dict[str, list[Any]] = {}
    if draw.rules != text:
        changes["rules"] = [draw.rules, text]
    if draw.prizes != cleaned:
        changes["prizes"] = [draw.prizes, cleaned]
    draw.rules, draw.prizes = text, cleaned
    draw.save(update_fields=["rules", "prizes"])
    audit(by, "gatherings.draw.published", draw, changes=changes, company=gathering.company)
    return draw


@transaction.atomic
def lock_draw(*, by: User, gathering_id: int) -> Draw:
    """Lock rules and prizes and commit to a fresh secret seed: SHA-256(seed) is published now,
    the seed itself only after the draw."""
    require_capability(by, Capability.GATHERINGS_DRAW)
    gathering = _gathering_for(by, gathering_id, lock=True)
    draw = lock_draw_row(gathering)
    if draw is None:
        raise DomainError(_("请先公布抽奖规则和奖品。"), code=GatheringCode.DRAW_NOT_LOCKED)
    _refuse_if_locked(draw)
    _refuse_if_started(gathering)
    seed = secrets.token_hex(32)
    draw.seed = seed
    draw.seed_commitment = commitment_of(seed)
    draw.locked_at = now()
    draw.locked_by = by
    draw.save(update_fields=["seed", "seed_commitment", "locked_at", "locked_by"])
    # The seed stays out of the audit log: it is secret until revealed.
    audit(
        by,
        "gatherings.draw.locked",
        draw,
        data={"commitment": draw.seed_commitment, "prizes": draw.prizes},
        company=gathering.company,
    )
    return draw


@transaction.atomic
def run_draw_round(*, by: User, gathering_id: int, round_no: int) -> DrawRun:
    """Run round ``round_no`` (prize ``round_no`` in the published order), once and for ever."""
    require_capability(by, Capability.GATHERINGS_DRAW)
    gathering = _gathering_for(by, gathering_id)
    draw = lock_draw_row(gathering)
    if draw is None or draw.locked_at is None:
        raise DomainError(_("抽奖规则尚未锁定，不能抽奖。"), code=GatheringCode.DRAW_NOT_LOCKED)
    if now() < gathering.starts_at:
        raise DomainError(_("联谊会开始后才能抽奖。"), code=GatheringCode.DRAW_NOT_STARTED)
    if draw.revealed_at is not None:
        raise Conflict(_("种子已公布，抽奖已结束。"), code=GatheringCode.DRAW_REVEALED)
    runs = list(draw.runs.order_by("round"))
    if any(run.round == round_no for run in runs):
        raise Conflict(
            _("第 %(round)s 轮已经抽过，每轮只抽一次。") % {"round": round_no},
            code=GatheringCode.DRAW_ROUND_DONE,
        )
    if round_no != len(runs) + 1 or round_no > len(draw.prizes):
        raise DomainError(
            _("下一轮是第 %(round)s 轮。") % {"round": len(runs) + 1},
            code=GatheringCode.DRAW_ROUND_UNKNOWN,
        )
    earlier_winners = {w["id"] for run in runs for w in run.winners}
    eligible = eligible_invitations(gathering, excluding=earlier_winners)
    if not eligible:
        raise DomainError(_("没有可参加抽奖的已入场嘉宾。"), code=GatheringCode.DRAW_NO_ELIGIBLE)
    prize = draw.prizes[round_no - 1]
    labels = {inv.pk: public_label(inv) for inv in eligible}
    ids = [inv.pk for inv in eligible]
    winner_ids = compute_winners(draw.seed, ids, prize["count"], round_no)
    try:
        with transaction.atomic():
            run = DrawRun.objects.create(
                draw=draw,
                round=round_no,
                eligible=[{"id": pk, "label": labels[pk]} for pk in ids],
                winners=[
                    {"prize": prize["name"], "id": pk, "label": labels[pk]} for pk in winner_ids
                ],
                run_at=now(),
                run_by=by,
            )
    except IntegrityError:
        raise Conflict(
            _("第 %(round)s 轮已经抽过，每轮只抽一次。") % {"round": round_no},
            code=GatheringCode.DRAW_ROUND_DONE,
        ) from None
    audit(
        by,
        "gatherings.draw.run",
        draw,
        data={"round": round_no, "eligible": ids, "winners": winner_ids},
        company=gathering.company,
    )
    return run


@transaction.atomic
def reveal_seed(*, by: User, gathering_id: int) -> Draw:
    """Publish the seed once every round has run (or the gathering has ended): from then on
    anyone can recompute the winners."""
    require_capability(by, Capability.GATHERINGS_DRAW)
    gathering = _gathering_for(by, gathering_id)
    draw = lock_draw_row(gathering)
    if draw is None or draw.locked_at is None:
        raise DomainError(_("抽奖规则尚未锁定，不能抽奖。"), code=GatheringCode.DRAW_NOT_LOCKED)
    if draw.revealed_at is not None:
        raise Conflict(_("种子已公布，抽奖已结束。"), code=GatheringCode.DRAW_REVEALED)
    moment = now()
    ended = gathering.state == GatheringState.CLOSED or (
        gathering.ends_at is not None and moment >= gathering.ends_at
    )
    if draw.runs.count() < len(draw.prizes) and not ended:
        raise DomainError(
            _("还有奖项没有抽完，抽完后（或联谊会结束后）才能公布种子。"),
            code=GatheringCode.DRAW_NOT_FINISHED,
        )
    draw.revealed_at = moment
    draw.save(update_fields=["revealed_at"])
    audit(by, "gatherings.draw.revealed", draw, data={"seed": draw.seed}, company=gathering.company)
    return draw


__all__ = [
    "Prize",
    "clean_prizes",
    "lock_draw",
    "publish_draw_rules",
    "reveal_seed",
    "run_draw_round",
]
