"""`chidao synth --scale demo|province|national`: synthetic data for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.units.synth import SCALES, run


class Command(BaseCommand):
    help = (
        "Generate a large synthetic organisation (and, as features arrive, their data) for "
        "benchmarks. Rows are marked synthetic; a rerun creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--months",
            type=int,
            help="months of indicator values per province (default: the scale's, 60 at "
            "province scale)",
        )
        parser.add_argument(
            "--indicators",
            type=int,
            help="reported indicators with values (default: the scale's, 500 at province scale)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["months"] is not None or opts["indicators"] is not None:
            from chidao.reporting import synth as reporting_synth

            try:
                reporting_synth.configure(
                    opts["scale"], months=opts["months"], indicators=opts["indicators"]
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        report = run(opts["scale"], seed=opts["seed"])
        for domain, counts in report.counts.items():
            detail = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            self.stdout.write(f"{domain}: {detail} ({report.seconds[domain]:.1f} giây)")
        self.stdout.write(report.summary())
