"""The `wijkcoop` command: serve the apps, write demo data, validate model and data."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__, config, serve
from .i18n import t
from .problems import ProblemsError
from .store import Store, StoreBusy


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    lang = config.language(args.lang)
    try:
        return args.func(args, lang)
    except ProblemsError as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    except StoreBusy as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data",
        metavar="MAP",
        help=f"gegevensmap / data folder (anders ${config.ENV_DATA}, anders ./data)",
    )
    common.add_argument(
        "--lang", choices=config.LANGUAGES, help=f"taal / language (anders ${config.ENV_LANG})"
    )
    parser = argparse.ArgumentParser(
        prog="wijkcoop",
        description="Zelfevaluatie, summerschool en vergelijken voor coöperaties (Voilà apps).",
    )
    parser.add_argument("--version", action="version", version=f"wijkcoop {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", parents=[common], help="start de apps / serve the apps")
    serve.add_argument("--port", type=int, default=config.DEFAULT_PORT)
    serve.add_argument(
        "--ip",
        default="127.0.0.1",
        help="adres om op te luisteren (standaard alleen deze computer) / address to bind",
    )
    serve.set_defaults(func=_serve)

    demo = sub.add_parser("demo", parents=[common], help="schrijf demo-gegevens / write demo data")
    demo.add_argument("--seed", type=int, default=2019)
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="niets doen (en geen fout) als de map al gegevens heeft / no-op if data exists",
    )
    demo.set_defaults(func=_demo)

    validate = sub.add_parser(
        "validate", parents=[common], help="controleer model en gegevens / check model and data"
    )
    validate.set_defaults(func=_validate)
    return parser


def _serve(args: argparse.Namespace, lang: str) -> int:
    notebooks = config.notebooks_dir()
    if not any(notebooks.glob("*.ipynb")):
        print(t("cli.serve.no_notebooks", lang, dir=notebooks), file=sys.stderr)
        return 1
    data = config.data_dir(args.data)
    command = serve.voila_command(notebooks, port=args.port, ip=args.ip)
    env = serve.voila_env(data, lang)
    print(t("cli.serve.start", lang, ip=args.ip, port=args.port, data=data), flush=True)
    os.execve(command[0], command, env)
    return 0  # not reached


def _demo(args: argparse.Namespace, lang: str) -> int:
    from . import demo
    from .model import load_model

    store = Store(args.data)
    if not store.is_empty():
        print(t("cli.demo.not_empty", lang, data=store.data_dir), file=sys.stderr)
        return 0 if args.if_empty else 1

    def progress(done: int, total: int) -> None:
        if done == total or done % 5 == 0:
            print(t("cli.demo.progress", lang, done=done, total=total), flush=True)

    summary = demo.generate(store, load_model(), seed=args.seed, progress=progress)
    print(
        t(
            "cli.demo.done",
            lang,
            data=store.data_dir,
            n_coops=summary.cooperatives,
            n_sessions=summary.sessions,
            n_rows=summary.score_rows,
        )
    )
    return 0


def _validate(args: argparse.Namespace, lang: str) -> int:
    from .model import load_model
    from .modules import load_modules

    problems = []
    try:
        model = load_model()
    except ProblemsError as exc:
        problems.extend(exc.problems)
        model = None
    store = Store(args.data, model=model)
    counts: dict[str, int] = {}
    if model is not None:
        try:
            load_modules(model)
        except ProblemsError as exc:
            problems.extend(exc.problems)
        counts, data_problems = store.validate_all()
        problems.extend(data_problems)
    if problems:
        print(t("cli.validate.problems", lang, n=len(problems)))
        for problem in problems:
            print(f"- {problem.format(lang)}")
        return 1
    print(
        t(
            "cli.validate.ok",
            lang,
            version=model.model_version,
            n_statements=len(model.statement_ids),
            n_rows=sum(counts.values()),
            data=store.data_dir,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
