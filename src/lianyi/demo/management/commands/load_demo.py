from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lianyi.demo.loader import DEMO_PER_REP, load_demo


class Command(BaseCommand):
    help = "Load the demo company once (a second run keeps the data and changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--per-rep",
            type=int,
            default=DEMO_PER_REP,
            help=f"customers per rep (12 reps; default {DEMO_PER_REP})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = load_demo(per_rep=options["per_rep"])
        if result.real_company:
            self.stdout.write(
                _("数据库里已有公司“%(name)s”，不载入演示数据。") % {"name": result.real_company}
            )
            return
        if not result.created:
            self.stdout.write(
                _("演示数据已存在（%(customers)s 位客户，%(touchpoints)s 条联系记录），未做改动。")
                % {"customers": result.customers, "touchpoints": result.touchpoints}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "已载入演示公司：%(customers)s 位客户，%(touchpoints)s 条联系记录"
                    "（用时 %(seconds).1f 秒）。"
                )
                % {
                    "customers": result.customers,
                    "touchpoints": result.touchpoints,
                    "seconds": time.monotonic() - started,
                }
            )
        )
