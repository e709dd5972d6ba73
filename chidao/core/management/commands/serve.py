"""`chidao serve`: gunicorn serving the product, static files through WhiteNoise."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the production web server (gunicorn) after collecting static files."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("CHIDAO_BIND", "127.0.0.1:8000"))
        parser.add_argument("--port", type=int, help="shorthand for --bind 127.0.0.1:PORT")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 3)))
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **opts: Any) -> None:
        bind = f"127.0.0.1:{opts['port']}" if opts["port"] else opts["bind"]
        call_command("collectstatic", interactive=False, verbosity=0)
        run_gunicorn(bind, workers=opts["workers"], threads=opts["threads"])


def run_gunicorn(bind: str, *, workers: int, threads: int) -> None:
    from gunicorn.app.wsgiapp import WSGIApplication

    argv = [
        "gunicorn",
        "chidao.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    import sys

    sys.argv = argv
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
