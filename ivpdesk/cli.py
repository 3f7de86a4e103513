"""Command line: ``ivpdesk [--db PATH] <opdracht>``; without an opdracht the GUI starts.

Contract relied on by other tools (keep exactly):

* ``--db PATH`` is a global option given before any subcommand;
* exit code 0 success, 1 user error with one Dutch line on stderr, 2 internal error;
* ``ivpdesk export --format json OUT`` (``-`` is stdout) writes the documented JSON.

Subcommands are registered in :data:`COMMANDS`; each takes the parsed arguments and
an :class:`AppContext` and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn

from ivpdesk import APP_NAME, __version__
from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 2

log = logging.getLogger(__name__)

# argparse builds its messages with gettext; these are the ones a user can meet.
_ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "onduidelijke optie: %(option)s kan %(matches)s zijn",
    "not allowed with argument %s": "niet toegestaan samen met %s",
}


def _dutch_argparse() -> None:
    original = argparse._  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        return _ARGPARSE_NL.get(message, original(message))

    argparse._ = translate  # type: ignore[attr-defined]


class UserError(DomainError):
    """Wrong arguments or unusable input given on the command line (exit 1)."""


class DutchArgumentParser(argparse.ArgumentParser):
    """Exits with code 1 and one Dutch line (argparse's own default is code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {message}. Zie '{self.prog} --help'.\n")


@dataclass
class AppContext:
    """What every command needs: the user's folders and the chosen database."""

    paths: Paths
    db_target: str | None
    _opened: list[Any] = field(default_factory=list, repr=False)

    def open_db(self, *, writes: bool = False) -> Any:
        """Open the chosen database for a command; ``dispose()`` it when done.

        ``writes`` says whether the command changes the plan (demo, import, restore,
        migrate, roll-over …). A writing command takes the shared-file lock for as long
        as the database is open and is refused (exit 1, one Dutch line naming the
        holder) when another officer has the file open. A reading command (info,
        export, deadlines, ics, backup) opens the file read-only and always proceeds.
        Whatever a command forgets to dispose is released by :meth:`close` when the
        command ends, also after an error or Ctrl+C.
        """
        from ivpdesk.services.database import open_for_command

        db = open_for_command(self.db_target, self.paths, writes=writes)
        self._opened.append(db)
        return db

    def close(self) -> None:
        """Dispose every database this context opened (releases their locks)."""
        opened, self._opened = self._opened, []
        for db in opened:
            try:
                db.dispose()
            except Exception:  # noqa: BLE001 - closing must never mask the real outcome
                log.exception("closing the database failed")


CommandFunc = Callable[[argparse.Namespace, AppContext], int]
COMMANDS: dict[str, CommandFunc] = {}


def command(name: str) -> Callable[[CommandFunc], CommandFunc]:
    def register(func: CommandFunc) -> CommandFunc:
        COMMANDS[name] = func
        return func

    return register


def atomic_output(path: Path, writer: Callable[[IO[Any]], None], *, binary: bool = False) -> None:
    """Let ``writer`` fill the file in memory, then write it atomically (temp file, rename).

    A crash or a full disk never leaves half a file behind under the real name.
    """
    import io

    from ivpdesk.services.atomic import write_atomically

    if binary:
        raw = io.BytesIO()
        writer(raw)
        data = raw.getvalue()
    else:
        text = io.StringIO(newline="\n")
        writer(text)
        data = text.getvalue().encode("utf-8")
    write_atomically(path, data, error=UserError)


# --------------------------------------------------------------------------- commands


@command("demo")
def cmd_demo(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.demo import load_demo
    from ivpdesk.services.plans import database_info

    db = ctx.open_db(writes=True)
    try:
        if database_info(db).plans and not args.force:
            raise UserError(
                "Deze database bevat al een uitvoeringsplan. Kies een nieuw bestand met "
                "--db, of voeg het demoplan toch toe met --force."
            )
        load_demo(db)
        info = database_info(db)
    finally:
        db.dispose()
    print(
        f"Demoplan geladen: gemeente {info.municipality}, uitvoeringsplan {info.current_plan}, "
        f"{info.themes} thema's, {info.activities} activiteiten, {info.indicators} indicatoren."
    )
    return EXIT_OK


@command("info")
def cmd_info(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.plans import database_info

    db = ctx.open_db()
    try:
        info = database_info(db)
        location = db.display_name
    finally:
        db.dispose()
    lines = [
        f"Database:           {location}",
        f"Gemeente:           {info.municipality or '-'}",
        f"Uitvoeringsplannen: {info.plans}",
        f"Huidig plan:        {info.current_plan or '-'}",
        f"Thema's:            {info.themes}",
        f"Onderdelen:         {info.sections}",
        f"Activiteiten:       {info.activities}",
        f"Indicatoren:        {info.indicators}",
        f"Partners:           {info.partners}",
        f"P&C-momenten:       {info.control_moments}",
    ]
    print("\n".join(lines))
    return EXIT_OK


@command("export")
def cmd_export(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.format == "xlsx":
        return _export_xlsx(args, ctx)
    if args.theme or args.trekker:
        raise UserError("--theme en --trekker werken alleen met --format xlsx.")

    from ivpdesk.services.export_json import write_json
    from ivpdesk.services.plans import load_current

    db = ctx.open_db()
    try:
        bundle = load_current(db)
    finally:
        db.dispose()
    if args.format == "json":
        if args.out == "-":
            write_json(bundle, sys.stdout)
            sys.stdout.flush()
        else:
            atomic_output(Path(args.out), lambda out: write_json(bundle, out))
            print(f"Uitvoeringsplan geëxporteerd naar {args.out}")
        return EXIT_OK
    raise UserError(f"Exportformaat '{args.format}' wordt (nog) niet ondersteund.")


def _export_xlsx(args: argparse.Namespace, ctx: AppContext) -> int:
    """``ivpdesk export --format xlsx UIT.xlsx [--theme NAAM] [--trekker NAAM]``."""
    from ivpdesk.services.export_xlsx import export_plan_xlsx

    if args.out == "-":
        raise UserError("Een Excel-bestand kan niet naar het scherm; geef een bestandsnaam op .xlsx.")
    out = Path(args.out).expanduser().resolve()
    db = ctx.open_db()
    try:
        result = export_plan_xlsx(db, out, theme=args.theme, trekker=args.trekker)
    finally:
        db.dispose()
    print(f"Uitvoeringsplan geëxporteerd naar {args.out} ({result.selection}: {result.summary}).")
    return EXIT_OK


@command("migrate")
def cmd_migrate(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.store.migrate import head_revision

    db = ctx.open_db(writes=True)  # opening migrates, after a backup
    db.dispose()
    print(f"Database is bijgewerkt (schema {head_revision()}).")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    _dutch_argparse()
    parser = DutchArgumentParser(
        prog="ivpdesk",
        description=f"{APP_NAME}: het Integraal Veiligheidsplan en uitvoeringsplan van uw gemeente. "
        "Zonder opdracht start het programmavenster.",
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}",
        help="toon het versienummer en stop",
    )
    parser.add_argument("--db", metavar="PAD", help="database (bestand of SQLAlchemy-URL) om te gebruiken")
    parser.add_argument("--data-dir", metavar="MAP", help="map voor gegevens, back-ups en logbestanden")
    parser.add_argument(
        "--smoke-test", action="store_true",
        help="start het venster onzichtbaar met het plan geladen en stop direct (voor tests)",
    )
    parser.add_argument(
        "--geminimaliseerd", dest="minimized", action="store_true",
        help="start het venster geminimaliseerd (zo start IVP Desk bij aanmelden)",
    )
    sub = parser.add_subparsers(dest="command", metavar="opdracht", parser_class=DutchArgumentParser)

    demo = sub.add_parser("demo", help="vul de database met het demoplan (gemeente Lindewaard)")
    demo.add_argument("--force", action="store_true", help="ook als er al een plan in staat")

    sub.add_parser("info", help="toon wat er in de database staat")

    export = sub.add_parser("export", help="exporteer het huidige uitvoeringsplan")
    export.add_argument("--format", choices=["json", "xlsx"], default="json", help="bestandsformaat")
    export.add_argument("out", metavar="UITVOER", help="bestand om te schrijven, of - voor de uitvoer")
    export.add_argument("--theme", metavar="THEMA", help="alleen dit thema (xlsx)")
    export.add_argument(
        "--trekker", metavar="NAAM",
        help="alleen activiteiten met deze bestuurlijk of ambtelijk trekker (xlsx)",
    )

    sub.add_parser("migrate", help="werk de database bij naar de nieuwste versie (met back-up)")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


# Feature modules in ivpdesk/commands/: each has ``register(subparsers)`` that adds its
# subparsers, and registers its handlers with ``@command("name")`` from this module.
COMMAND_MODULES: list[str] = [
    "ivpdesk.commands.deadlines",
    "ivpdesk.commands.report",
    "ivpdesk.commands.data_safety",
    "ivpdesk.commands.import_cmd",
]


def setup_logging(paths: Paths) -> None:
    from logging.handlers import RotatingFileHandler

    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            paths.log_dir / "ivpdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``ivpdesk``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        paths = Paths.from_environment(args.data_dir)
    except OSError as error:
        print(f"ivpdesk: de gegevensmap is niet bruikbaar: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    setup_logging(paths)
    ctx = AppContext(paths=paths, db_target=args.db)
    try:
        if args.command is None:
            from ivpdesk.ui.app import run_gui

            return run_gui(ctx, smoke_test=args.smoke_test, minimized=args.minimized)
        return COMMANDS[args.command](args, ctx)
    except DomainError as error:
        message = " ".join(error.message.split())
        print(f"ivpdesk: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("ivpdesk: afgebroken.", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - last line of defence: exit code 2
        log.exception("internal error")
        print(
            f"ivpdesk: interne fout ({type(error).__name__}: {error}). Zie het logbestand in "
            f"{paths.log_dir}.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
    finally:
        ctx.close()  # release the shared-file lock of every database the command opened
