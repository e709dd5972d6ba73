"""`chidao synth --scale demo|province|national`: synthetic data for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chidao.units.synth import SCALES, run


class Command(BaseCommand):
    help = (
        "Generate a large synthetic organisation (and, as features arrive, their data) for "
        "benchmarks. Rows are marked synthetic; a rerun creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **opts: Any) -> None:
        report = run(opts["scale"], seed=opts["seed"])
        for domain, counts in report.counts.items():
            detail = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            self.stdout.write(f"{domain}: {detail} ({report.seconds[domain]:.1f} giây)")
        self.stdout.write(report.summary())
