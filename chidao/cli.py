"""The `chidao` command: one verb per subcommand, each a Django management command.

`chidao extract` runs without Django (the extraction library stands alone);
`chidao manage …` passes anything to Django's own commands.
"""

from __future__ import annotations

import os
import sys

# subcommand → (management command, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "set up the sample province and demo accounts, then serve it"),
    "serve": ("serve", "run the production web server (gunicorn)"),
    "worker": ("worker", "run the background task worker (Huey)"),
    "migrate": ("migrate", "create or update the database tables"),
    "init": ("init", "set up a province for a real deployment"),
    "units": ("units", "list or load units (units list | units load)"),
    "users": ("users", "create users and API tokens (users create | users token)"),
    "remind": ("remind", "send the day's reminders (due soon, overdue, weekly digest)"),
    "tasks": ("tasks", "list tasks by status, transfer to successors (tasks list | transfer)"),
    "indicators": ("indicators", "indicator catalogue: seed, list, import a filled workbook"),
    "report": ("report", "list regimes, build the province's report (report regimes | build)"),
    "synth": ("synth", "generate large synthetic data for benchmarks"),
    "ingest": ("ingest", "import a directive (and optionally publish its tasks)"),
    "extract": ("", "read a directive and print its tasks, units, deadlines, targets"),
    "manage": ("", "run any Django management command"),
}

USAGE = (
    "usage: chidao COMMAND [ARGS…]\n\ncommands:\n"
    + "\n".join(f"  {name:<11} {help_}" for name, (_cmd, help_) in COMMANDS.items())
    + "\n\n`chidao COMMAND --help` for a command's options."
)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"chidao: unknown command {name!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    if name == "extract":
        from vnextract.cli import main as extract_main

        return extract_main(rest)
    if name == "demo":
        # The demo is served over plain http on localhost: secure-only cookies would
        # make logging in impossible, so they are off unless asked for.
        os.environ.setdefault("SECURE_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    from django.core.management import execute_from_command_line

    command = rest if name == "manage" else [COMMANDS[name][0], *rest]
    execute_from_command_line(["chidao", *command])
    return 0


if __name__ == "__main__":
    sys.exit(main())
