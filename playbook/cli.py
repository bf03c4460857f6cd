"""The `playbook` command. Errors a consultant can cause are printed as sentences with exit
code 1; only bugs produce tracebacks."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from playbook import __version__
from playbook.report import deliverables
from playbook.errors import DataError, ExecutionError, PlaybookError
from playbook.intake.paths import DEFAULT_DATA_DIR, DEFAULT_OUT_DIR, check_client_id, client_dir, list_clients


MAX_JOBS = 256
MAX_TIMEOUT = 86_400


def _positive_int(text: str) -> int:
    """--jobs: a whole number of parallel runs from 1 to MAX_JOBS."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}; expected a whole number of parallel runs, "
                                         f"1 to {MAX_JOBS}") from None
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"found {value}; expected a whole number of parallel runs, 1 to {MAX_JOBS}")
    return value


def _timeout(text: str) -> int:
    """--timeout: whole seconds a cell may run, from 1 to a day (0 would mean no timeout at all)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value == value and value.is_integer() and 1 <= value <= MAX_TIMEOUT):
        raise argparse.ArgumentTypeError(f"found {text!r}; expected whole seconds a cell may run, "
                                         f"1 to {MAX_TIMEOUT} (there is no 'no timeout')")
    return int(value)


def _parallel(p: argparse.ArgumentParser) -> None:
    """The options of the commands that run notebooks in a worker pool (batch, watch)."""
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, help="parallel runs (default: one per core)")
    p.add_argument("--timeout", type=_timeout, default=600,
                   help="whole seconds a cell may run before the run is failed, 1 to 86400 (default: 600)")


def _folders(args: argparse.Namespace) -> None:
    """The data folder must exist and --out must be a folder (or not exist yet)."""
    if not Path(args.data_dir).is_dir():
        raise PlaybookError(f"--data-dir {args.data_dir}: no such folder; expected the folder holding one "
                            "sub-folder per client")
    out = getattr(args, "out", None)
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise PlaybookError(f"--out {out}: a file, not a folder; expected the folder for deliverables")


def _common(p: argparse.ArgumentParser, out: bool = True) -> None:
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                   help="folder holding one sub-folder per client (default: %(default)s)")
    if out:
        p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR,
                       help="folder for deliverables, results and executed notebooks (default: %(default)s)")


def _notebooks(value: str) -> list[str]:
    names = deliverables.available() if value == "all" else [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        deliverables.get(name)  # raises with the list of valid names
    return names


def cmd_validate(args: argparse.Namespace) -> int:
    from playbook.engine.validate import check

    folder = client_dir(args.data_dir, args.client)
    issues = check(folder)
    if issues:
        print(DataError(issues).report().replace("the input data", f"client '{args.client}'"), file=sys.stderr)
        return 1
    print(f"client '{args.client}': all files valid")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from playbook.engine.run import run

    _folders(args)
    clients = args.client or list_clients(args.data_dir)
    if not clients:
        print(f"no clients found in {args.data_dir}", file=sys.stderr)
        return 1
    failures = 0
    for client in clients:
        for notebook in _notebooks(args.notebook):
            try:
                outcome = run(client, notebook, args.data_dir, args.out, as_of=args.as_of, timeout=args.timeout)
                print(f"ok      {client:<24} {notebook:<15} {outcome.html}")
            except PlaybookError as exc:
                failures += 1
                print(f"FAILED  {client:<24} {notebook:<15} {exc}", file=sys.stderr)
                if isinstance(exc, ExecutionError) and exc.notebook:
                    print(f"        executed notebook kept at {exc.notebook}", file=sys.stderr)
    return 1 if failures else 0


def _executor(spec: str, jobs: int | None):
    """None for the default local process pool, or a Dask cluster's executor."""
    if spec == "local":
        return None, None
    if not spec.startswith("dask://"):
        raise PlaybookError(f"--executor {spec!r}: expected 'local' or dask://HOST:PORT")
    try:
        from distributed import Client
    except ImportError:
        raise PlaybookError("--executor dask:// needs the dask extra: pip install -e '.[dask]'") from None
    address = spec.replace("dask://", "tcp://", 1)
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise PlaybookError(f"--executor {spec}: could not reach a Dask scheduler at {address} within 10 s "
                            f"({type(exc).__name__}: {exc}); expected a running scheduler "
                            "(`dask scheduler`) at that address") from None
    return client.get_executor(), client


def cmd_batch(args: argparse.Namespace) -> int:
    from playbook.engine.kernel_template import TemplateProcess

    _folders(args)
    clients = args.client or list_clients(args.data_dir)
    if not clients:
        raise PlaybookError(f"no clients found in {args.data_dir}: expected one sub-folder per client, "
                            "named by its client id")
    # The kernel template imports pandas, altair and playbook while this process does the same
    # and plans the batch, so the first kernel is ready about as soon as the first run is.
    template = TemplateProcess() if args.executor == "local" else None
    try:
        from playbook.engine.batch import Progress, run_batch, summary
        from playbook.engine.watch import build_view

        notebooks = _notebooks(args.notebooks)
        executor, dask_client = _executor(args.executor, args.jobs)
        progress = Progress(len(clients) * len(notebooks))
        try:
            results = run_batch(clients, notebooks, args.data_dir, args.out, executor=executor, jobs=args.jobs,
                                force=args.force, timeout=args.timeout, progress=progress.update,
                                template=template)
        finally:
            if dask_client is not None:
                dask_client.close()
    finally:
        if template is not None:
            template.close()
    print(summary(results))
    try:
        print(f"practice view: {build_view(args.data_dir, args.out)}")
    except OSError as exc:
        print(f"error: the practice view could not be written in {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_watch(args: argparse.Namespace) -> int:
    from playbook.engine.watch import watch

    _folders(args)
    if not list_clients(args.data_dir):
        raise PlaybookError(f"no clients found in {args.data_dir}: expected one sub-folder per client, "
                            "named by its client id")
    notebooks = _notebooks(args.notebooks)
    print(f"watching {args.data_dir}; deliverables and the practice view in {args.out} "
          f"(open {Path(args.out) / 'index.html'}; Ctrl-C stops)", flush=True)
    watch(args.data_dir, args.out, jobs=args.jobs, timeout=args.timeout, notebooks=notebooks,
          report=lambda line: print(line, flush=True))
    return 0


def cmd_new_client(args: argparse.Namespace) -> int:
    from playbook.engine.scaffold import new_client

    folder = new_client(args.client, args.data_dir, args.role)
    print(f"client '{args.client}' created at {folder}: fill in client.yaml, then run "
          f"`playbook validate {args.client}`")
    return 0


def cmd_workbook(args: argparse.Namespace) -> int:
    from playbook.intake.atomic import atomic_write
    from playbook.intake.client import load_client
    from playbook.intake.workbook_write import intake_workbook

    folder = client_dir(args.data_dir, args.client)
    out = args.out or Path.cwd() / f"{args.client}.xlsx"
    if out.resolve().parent == folder.resolve():
        raise PlaybookError(f"--out {out}: the client's folder keeps one format; write the workbook elsewhere "
                            f"and bring it in with `playbook import {args.client} FILE.xlsx`")
    atomic_write(out, intake_workbook(folder, load_client(folder), args.client, all_files=args.all))
    print(f"client '{args.client}': workbook written to {out}; check it back in with "
          f"`playbook import {args.client} {out}`")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from playbook.engine.workbook_import import import_workbook

    try:
        result = import_workbook(args.data_dir, args.client, args.workbook, dry_run=args.dry_run)
    except DataError as exc:
        print(exc.report().replace("the input data", args.workbook.name) + "\nnothing written.", file=sys.stderr)
        return 1
    print(result.report())
    return 0


def cmd_workshop(args: argparse.Namespace) -> int:
    from playbook.workshop import open_session, serve

    session = open_session(args.data_dir, args.client, args.form, anonymous=args.anonymous, wave=args.wave)
    return serve(session, args.host, args.port)


def cmd_pack(args: argparse.Namespace) -> int:
    from playbook.report.board_pack import pack

    for client in args.client:
        print(f"board pack: {pack(args.out, check_client_id(client))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="The fractional PMO/CMO playbook: validate client data, run the lifecycle notebooks "
                    "and render self-contained executive HTML deliverables.")
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check one client's files without running anything",
                       description="Check every data file of one client. Exit 0 when all are valid, "
                                   "1 with every problem listed (file, row, field, found, expected).")
    p.add_argument("client", help="client id (the folder name under --data-dir)")
    _common(p, out=False)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("run", help="execute notebooks and render deliverables",
                       description="Validate, execute the notebook with papermill and render "
                                   "OUT/CLIENT/<notebook>.html, .results.json and the executed .ipynb "
                                   "(the audit log). Invalid data writes nothing; the last good "
                                   "deliverable stays.")
    p.add_argument("client", nargs="*", help="client ids (default: every client in --data-dir)")
    p.add_argument("--notebook", "-n", default="all",
                   help="comma-separated notebooks, or 'all' (default); one of: "
                        + ", ".join(deliverables.REGISTRY))
    p.add_argument("--as-of", help="date the deliverable speaks as of, YYYY-MM-DD (default: client.yaml, else today)")
    p.add_argument("--timeout", type=_timeout, default=600,
                   help="whole seconds per cell before the run is failed, 1 to 86400 (default: 600)")
    _common(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("batch", help="every client's deliverables: parallel, incremental, failure-proof",
                       description="Run every notebook for every client (or those given) in parallel, one "
                                   "fresh kernel per run. Runs whose inputs are unchanged since their last "
                                   "success are skipped; a failure never stops the others. Ends with a "
                                   "client × notebook summary and writes OUT/index.html. Exit 0 only when "
                                   "nothing failed.")
    p.add_argument("client", nargs="*", help="client ids (default: every client in --data-dir)")
    p.add_argument("--notebooks", default="all", help="comma-separated notebooks, or 'all' (default)")
    _parallel(p)
    p.add_argument("--executor", default="local",
                   help="'local' (a process pool, default) or dask://HOST:PORT for a dask.distributed cluster")
    p.add_argument("--force", action="store_true", help="re-run even when the inputs are unchanged")
    _common(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("watch", help="re-render what a change affects, live, and the practice view",
                       description="Bring every deliverable up to date, then watch the client folders: each "
                                   "change re-renders the deliverables whose inputs it changed (through the "
                                   "batch's fingerprints) and then the practice view, OUT/index.html. An open "
                                   "practice view, or a deliverable opened from it, reloads itself. Ctrl-C stops.")
    p.add_argument("--notebooks", default="all", help="comma-separated notebooks to keep current, or 'all' (default)")
    _parallel(p)
    _common(p)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("new-client", help="create a client folder to fill in",
                       description="Create DATA_DIR/CLIENT with a commented client.yaml (every section, "
                                   "each field explained) and the CSVs with their headers and no rows. "
                                   "Refuses an id that is not a slug or a client that already exists.")
    p.add_argument("client", help="client id: lowercase letters, digits and hyphens, at most 64 characters")
    p.add_argument("--role", choices=["pmo", "cmo"], default="pmo",
                   help="the engagement role: fractional PMO or CMO (default: %(default)s)")
    _common(p, out=False)
    p.set_defaults(func=cmd_new_client)

    p = sub.add_parser("workbook", help="write the client's data files as one Excel workbook to fill in",
                       description="Write one .xlsx with a read-me sheet and one sheet per data file the "
                                   "client has (all of them with --all), filled with the current data: "
                                   "header comments, drop-downs for closed sets, date and number formats.")
    p.add_argument("client", help="client id (the folder name under --data-dir)")
    p.add_argument("--out", type=Path, default=None, help="the workbook to write (default: ./CLIENT.xlsx)")
    p.add_argument("--all", action="store_true", help="a sheet for every data file, also those the client lacks")
    _common(p, out=False)
    p.set_defaults(func=cmd_workbook)

    p = sub.add_parser("import", help="check a filled workbook and write the client's files from it",
                       description="Check every sheet of the workbook as a run would read it (problems "
                                   "named by sheet and cell). Only when there is none, write the client's "
                                   "files, all or none: the CSVs whose rows changed, or client.xlsx for a "
                                   "client that keeps a workbook. Prints rows added, changed and removed.")
    p.add_argument("client", help="client id (the folder name under --data-dir)")
    p.add_argument("workbook", type=Path, help="the filled .xlsx")
    p.add_argument("--dry-run", action="store_true", help="check and report the changes; write nothing")
    _common(p, out=False)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("workshop", help="serve a live form the room answers from their phones",
                       description="Serve one form for a live workshop: participants open the printed URL "
                                   "(or scan the QR code) and answer at once; the presenter URL shows the "
                                   "answers building up. Each submission is checked and appended atomically "
                                   "to the client's files. Listens on 127.0.0.1 unless --host is given; "
                                   "Ctrl-C stops it.")
    p.add_argument("client", help="client id (the folder name under --data-dir)")
    p.add_argument("--form", required=True, choices=["maturity", "votes", "actuals", "status"],
                   help="maturity questionnaire, dot votes on the proposals, benefit measurements, "
                        "or delivery status reports")
    p.add_argument("--anonymous", action="store_true",
                   help="store a random respondent code and the role, never a name (maturity, votes)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: %(default)s; 0.0.0.0 lets phones on the room's "
                        "network connect)")
    p.add_argument("--port", type=int, default=None, help="port (default: 8765, or a free one if taken)")
    p.add_argument("--wave", help="the session's date, YYYY-MM-DD (default: today): a maturity wave, a "
                                  "voting session")
    _common(p, out=False)
    p.set_defaults(func=cmd_workshop)

    p = sub.add_parser("pack", help="the board pack: one page-numbered PDF of a client's deliverables",
                       description="Print OUT/CLIENT/board-pack.pdf with headless Chromium (Debian's "
                                   "package): a cover with contents, every deliverable's decision pages "
                                   "first, then each deliverable in full. Renders nothing: run or batch first.")
    p.add_argument("client", nargs="+", help="client ids")
    _common(p)
    p.set_defaults(func=cmd_pack)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PlaybookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
