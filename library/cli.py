"""A base for our management commands: bad input gives one Vietnamese line and exit status 2."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineParser(CommandParser):
    """argparse prints usage plus the error; officials and scripts want one line."""

    def error(self, message):
        if self.called_from_command_line:
            sys.stderr.write(f"Lỗi: {message}\n")
            sys.exit(2)
        raise CommandError(message, returncode=2)


class ChithiCommand(BaseCommand):
    """BaseCommand whose errors are one line on stderr ("Lỗi: …") with exit status 2."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds a CommandParser itself; ours differs only in error(), so swapping is safe.
        parser.__class__ = OneLineParser
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            sys.stderr.write(f"Lỗi: {error}\n")
            sys.exit(error.returncode)

    def fail(self, message: str):
        """Stop with a one-line error and exit status 2."""
        raise CommandError(message, returncode=2)
