"""The `wijkcoop` command: serve, demo, validate, import/export, forget (AVG), backup and restore."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from . import __version__, config, serve
from .access import ROLES
from .context import open_store as _open_store
from .i18n import N_, t, tn
from .problems import ProblemsError, StorageError, storage_error, storage_errors
from .store import StoreBusy


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    lang = config.language(args.lang)
    try:
        return args.func(args, lang)
    except ProblemsError as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    except (StoreBusy, StorageError) as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    except OSError as exc:  # the machine refused somewhere else (a lock file in a read-only folder)
        refused = storage_error(exc, getattr(args, "data", None) or config.data_dir())
        if refused is None:
            raise
        print(refused.format(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def open_store(data: str | None, model=None):
    """The data folder, with whatever a crash interrupted finished and its leftovers removed."""
    store = _open_store(data, model=model)
    store.start()  # a read-only folder is said by the command that tries to write
    return store


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
    serve.add_argument(
        "--preheat",
        type=int,
        default=config.DEFAULT_PREHEAT,
        metavar="N",
        help="voorverwarmde kernels per app (0 = uit) / preheated kernels per app (0 = off)",
    )
    serve.add_argument(
        "--room",
        type=int,
        default=0,
        metavar="N",
        help="houd N deelnemerpagina's klaar voor een zaal vol telefoons / keep N participant pages warm",
    )
    serve.add_argument(
        "--role",
        default=None,
        metavar="ROL",
        help="één rol voor iedereen op deze server (zonder JupyterHub): beheerder, trainer, "
        "bestuur:<id>, coordinator[:<gebied>] / one role for everyone on this server",
    )
    serve.add_argument(
        "--token",
        default=None,
        help=f"inlogtoken voor een gedeelde server (anders ${config.ENV_TOKEN}) / login token",
    )
    serve.add_argument(
        "--base-url",
        default=None,
        help="pad dat de browser ziet achter een proxy (JupyterHub, deploy/) / public path behind a proxy",
    )
    serve.add_argument(
        "--base-url-kept",
        action="store_true",
        help="de proxy geeft het pad ongewijzigd door (een JupyterHub-service) / the proxy passes the "
        "path on unchanged (a JupyterHub service)",
    )
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="neem het adres van de bezoeker van de proxy ervoor over (X-Forwarded-For) / take the "
        "visitor's address from the proxy in front",
    )
    serve.add_argument(
        "--pages",
        nargs="+",
        default=None,
        metavar="PAGINA",
        help="alleen deze app-pagina's (bijv. deelnemer: een openbare deelnemerspagina) / only these app "
        "pages (e.g. deelnemer: a public participant page)",
    )
    serve.add_argument(
        "--refill-after",
        type=float,
        default=config.REFILL_AFTER,
        metavar="SECONDEN",
        help="vul voorverwarmde kernels pas aan als zo lang geen pagina er een nam / refill preheated "
        "kernels once no page took one for this many seconds",
    )
    serve.add_argument(
        "--cull-after",
        type=int,
        default=config.CULL_IDLE,
        metavar="SECONDEN",
        help="stop een kernel waarvan de pagina weg is na zoveel seconden (0 = nooit) / "
        "stop a kernel whose page has gone after this many seconds (0 = never)",
    )
    serve.add_argument(
        "--grace",
        type=float,
        default=config.GRACE,
        metavar="SECONDEN",
        help="stop een kernel waar binnen zoveel seconden geen pagina bij kwam / stop a kernel no page "
        "connected to within this many seconds",
    )
    serve.add_argument(
        "--max-kernels",
        type=int,
        default=config.MAX_KERNELS,
        metavar="N",
        help="hoogstens zoveel pagina's tegelijk (0 = geen grens) / at most N pages at once (0 = no limit)",
    )
    serve.add_argument(
        "--max-kernels-per-client",
        type=int,
        default=config.MAX_KERNELS_PER_CLIENT,
        metavar="N",
        help="hoogstens zoveel per adres / at most N per client address (0 = no limit)",
    )
    serve.add_argument(
        "--behind-tls",
        action="store_true",
        help="achter https (TLS-proxy): cookies alleen over https / behind https: Secure cookies",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAAM",
        help="hostnaam die een proxy ervoor doorgeeft (herhaalbaar) / host name a proxy in front passes on",
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

    imp = sub.add_parser(
        "import", parents=[common], help="importeer scores uit xlsx of csv / import scores from xlsx or csv"
    )
    imp.add_argument("file", metavar="BESTAND")
    imp.add_argument("--mapping", metavar="KOPPELING", help="kolomkop -> stelling-id (yaml of csv)")
    imp.add_argument("--cooperative", metavar="ID_OF_NAAM", help="de coöperatie voor het hele bestand")
    imp.add_argument("--round", metavar="RONDE", help="de ronde voor het hele bestand, bijv. 2026-1")
    imp.add_argument("--check", action="store_true", help="alleen controleren, niets opslaan / check only")
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="KOP=STELLING",
        help="kolom naar stelling-id of 'negeren' / column to statement id or 'negeren'",
    )
    imp.add_argument("--respondent-column", metavar="KOP", help="de kolom die zegt wie antwoordde")
    imp.add_argument("--date-column", metavar="KOP", help="de kolom met de datum die de ronde bepaalt")
    imp.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="ANTWOORD=SCORE",
        help="antwoord naar score 1-5 of 'weet niet' / answer label to score",
    )
    imp.add_argument(
        "--save-mapping",
        action="store_true",
        help="bewaar de koppeling voor de volgende export van dit formulier / keep the mapping for this form",
    )
    imp.set_defaults(func=_import)

    exp = sub.add_parser("export", parents=[common], help="exporteer gegevens / export data")
    scope = exp.add_mutually_exclusive_group()
    scope.add_argument("--cooperative", metavar="ID")
    scope.add_argument("--area", metavar="DOORBRAAKGEBIED")
    exp.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    exp.add_argument("--out", metavar="BESTAND", help="standaard: wijkcoop-export-<bereik>-<datum>.<format>")
    exp.set_defaults(func=_export)

    forget = sub.add_parser(
        "forget", parents=[common], help="verwijder een persoon of coöperatie (AVG) / erase (GDPR)"
    )
    forget.add_argument("--respondent", metavar="NAAM", help="schuilnaam, naam of rol van de persoon")
    forget.add_argument(
        "--cooperative", metavar="ID", help="de coöperatie (met --respondent: alleen daarbinnen)"
    )
    forget.add_argument("--no-backup", action="store_true", help="geen reservekopie bewaren / keep no backup")
    forget.set_defaults(func=_forget)

    bak = sub.add_parser(
        "backup", parents=[common], help="maak een gecontroleerde reservekopie / make a backup"
    )
    bak.add_argument("--to", metavar="MAP", help="standaard: <gegevensmap>-backups naast de gegevensmap")
    bak.set_defaults(func=_backup)

    res = sub.add_parser("restore", parents=[common], help="zet een reservekopie terug / restore a backup")
    res.add_argument("backup", metavar="MAP")
    res.set_defaults(func=_restore)

    priv = sub.add_parser(
        "privacy", parents=[common], help="AVG: inzage, register, logboek / GDPR: access, register, audit log"
    )
    priv.add_argument("action", choices=("export", "register", "log", "retention"))
    priv.add_argument("--apply", action="store_true", help="retention: voer uit / carry it out")
    who = priv.add_mutually_exclusive_group()
    who.add_argument("--respondent", metavar="NAAM", help="schuilnaam, naam of rol van de persoon")
    who.add_argument("--participant", metavar="NAAM", help="deelnemer aan de summerschool")
    priv.add_argument("--cooperative", metavar="ID", help="alleen binnen deze coöperatie")
    priv.add_argument("--out", metavar="BESTAND", help=".xlsx of .json")
    priv.set_defaults(func=_privacy)

    prt = sub.add_parser("print", parents=[common], help="formulieren op papier (pdf) / paper forms")
    prt.add_argument("what", choices=("questionnaire", "session"))
    prt.add_argument("code", nargs="?", metavar="SESSIECODE", help="session: de code van de sessie")
    prt.add_argument("--cooperative", metavar="ID", help="questionnaire: voor deze coöperatie")
    prt.add_argument("--round", metavar="RONDE", help="questionnaire: voor deze ronde, bv. 2026-2")
    prt.add_argument("--url", metavar="ADRES", help="session: het adres van de apps (voor de QR-code)")
    prt.add_argument("--out", metavar="BESTAND.pdf", required=True)
    prt.set_defaults(func=_print)

    acc = sub.add_parser("access", parents=[common], help="wie mag wat zien / who may see what")
    acc.add_argument("action", choices=("grant", "revoke", "list"))
    acc.add_argument("user", nargs="?", metavar="GEBRUIKER", help="de inlognaam op de hub / the hub login")
    acc.add_argument("--role", choices=ROLES)
    acc.add_argument("--cooperative", metavar="ID", default="", help="bestuur: van welke coöperatie")
    acc.add_argument("--area", metavar="GEBIED", default="", help="coordinator: welk doorbraakgebied")
    acc.set_defaults(func=_access)

    rep = sub.add_parser(
        "repair",
        parents=[common],
        help="zet bestanden die een spreadsheet opsloeg terug in de vaste vorm / put re-saved files back",
    )
    rep.add_argument(
        "--apply", action="store_true", help="voer uit (eerst een reservekopie) / do it (backup first)"
    )
    rep.set_defaults(func=_repair)
    return parser


class _Bar:
    """A one-line progress bar on stderr for long imports (only when the file is large)."""

    def __init__(self, lang: str, show: bool):
        self.lang, self.show, self.last = lang, show, -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.show or not total:
            return
        pct = int(100 * done / total)
        if pct // 10 != self.last // 10 or pct == 100:
            self.last = pct
            bar = "#" * (pct // 5) + "." * (20 - pct // 5)
            from .importer import STAGE_TEXT

            print(f"{t(STAGE_TEXT[stage], self.lang)} [{bar}] {pct}%", file=sys.stderr, flush=True)


def _import(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from .importer import HOW_TEXT, LAYOUT_TEXT, plan_import, run_import

    path = Path(args.file)
    if not path.is_file():
        print(t("cli.import.no_file", lang, file=path), file=sys.stderr)
        return 1
    data = path.read_bytes()
    mapping = _choices(args, lang)
    if mapping is False:
        return 1
    store = open_store(args.data)
    bar = _Bar(lang, show=len(data) > 1_000_000)
    plan = plan_import(
        store,
        data,
        path.name,
        mapping=mapping,
        cooperative=args.cooperative,
        round_id=args.round,
        progress=bar,
    )
    details = [
        t(
            "cli.import.read",
            lang,
            file=plan.file,
            layout=t(LAYOUT_TEXT[plan.layout or ""], lang),
            encoding=plan.encoding or "-",
            separator=plan.separator or "-",
        )
    ]
    for header, sid, how in plan.mapping:
        details.append(f"  {header[:60]} -> {sid} ({t(HOW_TEXT[how], lang)})")
    if plan.ignored:
        details.append(t("cli.import.ignored", lang, columns=", ".join(c[:40] for c in plan.ignored)))
    print("\n".join(details))
    if not plan.ok:
        print(t("cli.import.problems", lang, n=len(plan.problems)), file=sys.stderr)
        for problem in plan.problems:
            print(f"- {problem.format(lang)}", file=sys.stderr)
        return 1
    for line in plan.details(lang):
        print(line)
    if args.check:
        print(t("cli.import.checked", lang, **plan.counts(lang)))
        return 0
    run_import(store, plan, progress=bar, by=_cli_user())
    print(
        t("cli.import.done", lang, data=store.data_dir, new=len(plan.new_cooperatives), **plan.counts(lang))
    )
    if args.save_mapping and plan.chosen:
        from .importer import save_mapping

        print(t("cli.import.mapping_saved", lang, path=save_mapping(store, plan.form_key, plan.chosen)))
    return 0


def _choices(args: argparse.Namespace, lang: str):
    """The mapping from --mapping and the choices on the command line (they win), None when there is
    none (a mapping saved for the form then applies), False after saying what is wrong."""
    from pathlib import Path

    from .importer import Mapping, label_score, read_mapping

    mapping = Mapping()
    if args.mapping:
        mapping = read_mapping(Path(args.mapping).read_bytes(), Path(args.mapping).name)
    for kind, header in (("respondent", args.respondent_column), ("date", args.date_column)):
        if header:
            mapping.roles[kind] = header
    for kind, choices in (("column", args.column), ("label", args.label)):
        for choice in choices:
            key, sep, value = choice.rpartition("=")
            score = label_score(value)
            if not sep or not key.strip() or (kind == "label" and score is False):
                print(t("cli.import.bad_choice", lang, value=choice), file=sys.stderr)
                return False
            if kind == "label":
                mapping.labels[key.strip()] = None if score is None else int(score)
            else:
                mapping.columns[key.strip()] = value.strip()
    return mapping if mapping else None


def _export(args: argparse.Namespace, lang: str) -> int:
    from datetime import date
    from pathlib import Path

    from .export import data_frames, dutch_csv, xlsx

    store = open_store(args.data)
    frames = data_frames(store, cooperative=args.cooperative, area=args.area)
    if args.cooperative and not len(frames["cooperaties"]):
        print(t("cli.export.unknown", lang, value=args.cooperative), file=sys.stderr)
        return 1
    if args.area and not len(frames["cooperaties"]):
        print(t("cli.export.unknown", lang, value=args.area), file=sys.stderr)
        return 1
    scope = args.cooperative or (args.area and args.area.lower().replace(" ", "-")) or "alles"
    out = Path(args.out or f"wijkcoop-export-{scope}-{date.today().isoformat()}.{args.format}")
    data = xlsx(frames) if args.format == "xlsx" else dutch_csv(frames["scores"])
    from .privacy import audit

    audit(store, _cli_user(), "export", scope, f"{out.name}: {len(frames['scores'])}")
    from .csvlog import atomic_write

    with storage_errors(out.resolve().parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out.resolve(), data)
    coops = tn("count.cooperatives", len(frames["cooperaties"]), lang)
    print(t("cli.export.done", lang, file=out, n=len(frames["scores"]), coops=coops))
    return 0


def _forget(args: argparse.Namespace, lang: str) -> int:
    from .maintenance import forget, prune_backups

    store = open_store(args.data)
    result = forget(
        store,
        respondent=args.respondent,
        cooperative=args.cooperative,
        backup=not args.no_backup,
        by=_cli_user(),
    )
    prune_backups(store)
    if not result.removed and not result.drafts:
        print(t("cli.forget.nothing_found", lang))
        return 0
    for name, n in result.removed.items():
        print(t("cli.forget.removed", lang, file=name, n=n))
    if result.drafts:
        print(t("cli.forget.drafts", lang, n=result.drafts))
    if result.backup:
        print(t("cli.forget.backup", lang, folder=result.backup))
        print(t("cli.forget.kept_until", lang, day=result.kept_until))
    return 0


def _print(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from . import paper
    from .csvlog import atomic_write
    from .model import load_model

    model = load_model()
    if args.what == "questionnaire":
        name = ""
        if args.cooperative:
            from .tables import COOPERATIVES

            register = open_store(args.data).current(COOPERATIVES).frame.set_index("cooperative_id")
            if args.cooperative not in register.index:
                print(t("cli.export.unknown", lang, value=args.cooperative), file=sys.stderr)
                return 1
            name = register.loc[args.cooperative, "name"]
        data = paper.questionnaire_pdf(model, lang, name, args.cooperative or "", args.round or "")
    else:
        from .join import PARTICIPANT_PAGE
        from .room import Room

        room = Room(open_store(args.data))
        session = room.session(args.code or "")
        if session is None:
            print(t("ss.unknown_code", lang, code=(args.code or "").strip()), file=sys.stderr)
            return 1
        module = room.module(session.module)
        base = (args.url or "http://127.0.0.1:8866").rstrip("/")
        url = f"{base}/voila/render/{PARTICIPANT_PAGE}?code={session.session_id}"
        data = paper.session_form_pdf(
            module, room.rating, lang, session.session_id, url, session.date, session.place
        )
    out = Path(args.out)
    with storage_errors(out.resolve().parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out.resolve(), data)
    print(t("cli.print.done", lang, file=out))
    return 0


def _privacy(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from . import privacy

    if args.action == "register":
        print(privacy.register_markdown())
        return 0
    store = open_store(args.data)
    if args.action == "log":
        rows = privacy.audit_rows(store)
        if not len(rows):
            print(t("cli.privacy.log_empty", lang))
        for r in rows.itertuples():
            print(f"{r.saved_at}  {r.user}  {r.action}  {r.scope}  {r.detail}")
        return 0
    if args.action == "retention":
        periods = privacy.policy(store.data_dir)
        plan = privacy.retention_plan(store)
        if not plan:
            print(
                t(
                    "cli.privacy.retention_none",
                    lang,
                    months=periods["deelnemers_maanden"],
                    rounds=periods["leden_rondes"],
                )
            )
            return 0
        for line in plan.lines(lang):
            print(line)
        if not args.apply:
            print(t("cli.privacy.retention_dry", lang))
            return 0
        done = privacy.apply_retention(store, by=_cli_user())
        names, texts = done.totals()
        print(t("cli.privacy.retention_done", lang, names=names, texts=texts))
        return 0
    who = args.respondent or args.participant
    if not who or not args.out:
        print(t("cli.privacy.need", lang), file=sys.stderr)
        return 1
    out = Path(args.out)
    fmt = "json" if out.suffix.lower() == ".json" else "xlsx"
    data = privacy.person_export(store, who, args.cooperative, fmt, lang, by=_cli_user())
    from .csvlog import atomic_write

    with storage_errors(out.resolve().parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out.resolve(), data)
    print(t("cli.privacy.done", lang, file=out, who=who))
    return 0


def _access(args: argparse.Namespace, lang: str) -> int:
    import getpass

    from .access import Grant, change, current_grants
    from .tables import COOPERATIVES

    store = open_store(args.data)
    if args.action == "list":
        rows = current_grants(store)
        if not len(rows):
            print(t("cli.access.none", lang))
        for r in rows.itertuples():
            scope = r.cooperative_id or r.doorbraakgebied or t("cli.access.all", lang)
            print(t("cli.access.row", lang, user=r.user, role=r.role, scope=scope, by=r.by))
        return 0
    if not args.user or not args.role:
        print(t("cli.access.need", lang), file=sys.stderr)
        return 1
    if args.cooperative and args.cooperative not in set(store.current(COOPERATIVES).frame["cooperative_id"]):
        print(t("cli.export.unknown", lang, value=args.cooperative), file=sys.stderr)
        return 1
    grant = Grant(
        args.role,
        args.cooperative if args.role == "bestuur" else "",
        args.area if args.role == "coordinator" else "",
    )
    change(store, f"cli:{getpass.getuser()}", args.user.strip(), grant, args.action == "grant")
    scope = grant.cooperative_id or grant.area or t("cli.access.all", lang)
    key = "cli.access.granted" if args.action == "grant" else "cli.access.revoked"
    print(t(key, lang, user=args.user.strip(), role=grant.role, scope=scope))
    return 0


def _repair(args: argparse.Namespace, lang: str) -> int:
    from .maintenance import repair

    store = open_store(args.data)
    plans, folder = repair(store, apply=args.apply)
    if not plans:
        print(t("cli.repair.nothing", lang, data=store.data_dir))
        return 0
    for plan in plans:
        if plan.columns_differ:
            print(t("cli.repair.columns", lang, file=plan.file))
            continue
        how = [t("cli.repair.form", lang, file=plan.file, n=plan.rows)]
        if not plan.form.canonical:
            parts = [t(key, lang) for key, on in _FORM_PARTS if on(plan.form)]
            how.append(t("cli.repair.found", lang, parts=", ".join(parts)))
        if plan.dates:
            how.append(t("cli.repair.dates", lang, n=plan.dates))
        if plan.unreadable:
            lines = ", ".join(map(str, plan.unreadable[:10])) + (" …" if len(plan.unreadable) > 10 else "")
            how.append(t("cli.repair.unreadable", lang, n=len(plan.unreadable), lines=lines))
        print(" ".join(how))
    if folder is not None:
        print(t("cli.repair.done", lang, folder=folder))
    elif any(p.changes for p in plans):
        print(t("cli.repair.dry_run", lang))
    return 0


_FORM_PARTS = (
    (N_("cli.repair.semicolons"), lambda form: form.separator == ";"),
    (N_("cli.repair.windows"), lambda form: form.encoding != "utf-8"),
    (N_("cli.repair.bom"), lambda form: form.bom),
    (N_("cli.repair.crlf"), lambda form: form.crlf),
)


def _backup(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from .maintenance import backup, backup_days, prune_backups

    store = open_store(args.data)
    folder, sums = backup(store, Path(args.to) if args.to else None)
    print(t("cli.backup.done", lang, folder=folder, n=len(sums)))
    gone = prune_backups(store)
    if gone:
        print(t("cli.backup.pruned", lang, n=len(gone), days=backup_days(store.data_dir)))
    return 0


def _restore(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    from .maintenance import restore

    store = open_store(args.data)
    done = restore(store, Path(args.backup), by=_cli_user())
    if done.safety:
        print(t("cli.restore.safety", lang, folder=done.safety))
    print(t("cli.restore.done", lang, n=len(done.files), data=store.data_dir))
    if done.reapplied:
        print(t("cli.restore.reapplied", lang, n=done.reapplied))
    from . import privacy

    if privacy.retention_plan(store):  # what an earlier clean-up removed can be back with the backup
        print(t("cli.restore.retention", lang))
    return 0


def _cli_user() -> str:
    """Who did it, for the audit log: the computer's user name behind `cli:`."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _serve(args: argparse.Namespace, lang: str) -> int:
    notebooks = config.notebooks_dir()
    if not any(notebooks.glob("*.ipynb")):
        print(t("cli.serve.no_notebooks", lang, dir=notebooks), file=sys.stderr)
        return 1
    # Only the app pages are served, from a folder of their own: notebooks/analyse (the analyst's
    # notebooks, which read every cooperative's data) and anything else beside them cannot be opened.
    pages = args.pages or sorted(p.name for p in notebooks.glob("*.ipynb"))
    try:
        notebooks = serve.pages_folder(notebooks, pages, port=args.port)
    except KeyError as exc:
        known = ", ".join(sorted(p.stem for p in config.notebooks_dir().glob("*.ipynb")))
        print(t("cli.serve.unknown_page", lang, page=exc.args[0], known=known), file=sys.stderr)
        return 2
    data = config.data_dir(args.data)
    from .maintenance import prune_backups

    with contextlib.suppress(OSError):  # old backups go; a read-only backups folder does not stop serving
        prune_backups(_open_store(str(data)))
    token = args.token or os.environ.get(config.ENV_TOKEN) or None
    command = serve.voila_command(
        notebooks,
        port=args.port,
        ip=args.ip,
        preheat=max(args.preheat, 0),
        token=token,
        base_url=args.base_url,
        base_url_kept=args.base_url_kept,
        proxy_headers=args.proxy_headers,
        refill_after=max(args.refill_after, 0),
        cull_idle=max(args.cull_after, 0),
        grace=max(args.grace, 0),
        max_kernels=max(args.max_kernels, 0),
        max_kernels_per_client=max(args.max_kernels_per_client, 0),
        behind_tls=args.behind_tls,
        allow_hosts=tuple(args.allow_host),
        cull_interval=min(config.CULL_INTERVAL, max(args.cull_after // 4, 1)),
        room=max(args.room, 0),
    )
    env = serve.voila_env(data, lang)
    from .join import ENV_PLACES, places_file

    env[ENV_PLACES] = str(places_file(args.port))  # the pools' state, for the trainer's Live tab
    if args.behind_tls:
        env[config.ENV_SECURE] = "1"  # the apps link to https:// (the join QR code)
    if args.role:
        from .access import ENV_ROLE, parse_role

        try:
            parse_role(args.role)
        except ValueError:
            print(t("cli.access.bad_role", lang, role=args.role), file=sys.stderr)
            return 2
        env[ENV_ROLE] = args.role
    print(t("cli.serve.start", lang, ip=args.ip, port=args.port, data=data), flush=True)
    if token:
        print(t("cli.serve.token", lang, ip=args.ip, port=args.port), flush=True)
    elif args.ip not in ("127.0.0.1", "localhost", "::1"):
        print(t("cli.serve.open_warning", lang, ip=args.ip), file=sys.stderr, flush=True)
    os.execve(command[0], command, env)
    return 0  # not reached


def _demo(args: argparse.Namespace, lang: str) -> int:
    from . import demo
    from .model import load_model

    store = open_store(args.data)
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
    from .importwords import load_import_words
    from .model import load_model
    from .modules import load_modules

    problems = []
    try:
        model = load_model()
    except ProblemsError as exc:
        problems.extend(exc.problems)
        model = None
    store = open_store(args.data, model=model)
    counts: dict[str, int] = {}
    if model is not None:
        try:
            load_modules(model)
        except ProblemsError as exc:
            problems.extend(exc.problems)
        try:
            load_import_words()
        except ProblemsError as exc:
            problems.extend(exc.problems)
        counts, data_problems = store.validate_all()
        problems.extend(data_problems)
    if problems or model is None:
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
