"""Validate a directory of JSONL files with Dask, partition by partition, and gather one report.

Each partition is one file: a worker validates it with `validate_partition` (records are streamed, nothing is
kept but small facts for the cross-record checks) and returns a picklable `Partial`; `combine` merges the
partials in file order, runs the cross-record checks over all of them (references and duplicate ids across
files included), and returns the same `Report` as `peace-talks validate DIR` would.

Run (needs `pip install dask`):

    python examples/scale/validate_dask.py DIR [--workers N] [--format text|json|jsonl|github|sarif]

With `dask.distributed` (`pip install distributed`, and `bokeh` for its dashboard), on a LocalCluster of N worker
processes started here, its dashboard served at :8787 and kept 30 s after the run:

    python examples/scale/validate_dask.py DIR --cluster local --workers N [--dashboard :8787 --hold 30]

The same code runs on a cluster: start a `dask.distributed` scheduler and workers that have this package
installed and can read DIR (a shared file system or object store mounted at the same path), and pass
`--scheduler tcp://HOST:8786`; `combine` runs on the client, which reads again only the few records the
cross-record checks report.
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.forkserver
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import dask
import dask.multiprocessing
from dask.delayed import Delayed

from peace_talks_model.report import REPORTERS, RenderOptions, Report
from peace_talks_model.validation import Options, Partial, combine, record_adapter, validate_partition


def validate_directory(
    directory: Path,
    options: Options | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    *,
    cluster: str | None = None,
    dashboard: str | None = None,
    hold: float = 0.0,
) -> Report:
    """Validate every .jsonl/.ndjson/.json file under `directory`, one Dask task per file.

    With neither `scheduler` nor `cluster`: Dask's process scheduler, `workers` processes on this machine. With
    `scheduler` (an address such as tcp://HOST:8786): that `dask.distributed` cluster. With `cluster="local"`: a
    `dask.distributed.LocalCluster` started here with `workers` worker processes of one thread each, its
    dashboard at `dashboard` (such as ":8787"; None: no dashboard), kept `hold` seconds after the run so that
    the dashboard can still be looked at."""
    options = options or Options()
    files = sorted(str(p) for p in directory.rglob("*") if p.suffix in (".jsonl", ".ndjson", ".json") and p.is_file())
    if not files:
        return combine([], options)
    # one delayed call per file, computed together: each `Partial` comes straight back to the client (a Dask bag
    # of them added a task per partition and a final one that gathered every partial in a worker, each shipping
    # the partials, about 1 MB for 5,000 records, to a worker and back: 2 to 4 s of 8 on 20,000 records)
    tasks = [dask.delayed(validate_partition)([path], options) for path in files]
    partials: Sequence[Partial]
    if cluster is not None:
        partials = _on_local_cluster(tasks, cluster, workers, dashboard, hold)
    elif scheduler is not None:
        from dask.distributed import Client  # noqa: PLC0415  (only for a cluster)

        with Client(scheduler):
            partials = dask.compute(*tasks)
    else:
        # chunksize=1: one file a task sent to a worker (by default Dask hands a worker up to 6 tasks at once, so
        # a directory of a few files ran in one process); where forking is safe (POSIX, one thread) the workers are
        # forked after the models are built, as `peace-talks validate --jobs` does, instead of importing the
        # package again each
        fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        if fork:
            record_adapter()  # built once here: the forked workers inherit the models
        with dask.config.set({"multiprocessing.context": "fork"} if fork else {}):
            # the scheduler's function, not its name: given "processes", Dask imports distributed (0.8 s) to see
            # whether a distributed client is active
            partials = dask.compute(*tasks, scheduler=dask.multiprocessing.get, num_workers=workers, chunksize=1)
    return combine(partials, options)


def _on_local_cluster(
    tasks: Sequence[Delayed], cluster: str, workers: int, dashboard: str | None, hold: float
) -> Sequence[Partial]:
    """Compute `tasks` on a `dask.distributed.LocalCluster` of `workers` processes, one thread each."""
    if cluster != "local":
        raise ValueError(f"unknown cluster {cluster!r}: only 'local' is known")
    config = {}
    if "forkserver" in multiprocessing.get_all_start_methods():
        # the workers are forked from one server process that imports distributed and this package once, instead
        # of each worker importing both (about 3 s of CPU a worker); started first, so that it imports them while
        # this process imports distributed, and before the cluster asks for it with a preload list of its own
        multiprocessing.get_context("forkserver").set_forkserver_preload(["distributed", validate_partition.__module__])
        multiprocessing.forkserver.ensure_running()
        config = {"distributed.worker.multiprocessing-method": "forkserver"}
    from dask.distributed import Client, LocalCluster, get_task_stream  # noqa: PLC0415  (needs `pip install distributed`)

    with (
        dask.config.set(config),
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=dashboard) as local,
        Client(local) as client,
    ):
        partials: Sequence[Partial]
        if dashboard is None:
            partials = dask.compute(*tasks)
        else:
            print(f"dashboard: {client.dashboard_link}", file=sys.stderr, flush=True)
            # the scheduler records the task stream from the first time it is asked for it: ask before the run, so
            # that the dashboard's task-stream page, opened after it, still shows its tasks
            with get_task_stream(client):
                partials = dask.compute(*tasks)
        if hold > 0:
            print(f"done; keeping the cluster {hold:g} s", file=sys.stderr, flush=True)
            time.sleep(hold)
    return partials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (not with --scheduler)")
    parser.add_argument("--scheduler", help="address of a dask.distributed scheduler")
    parser.add_argument(
        "--cluster", choices=["local"], help="start a dask.distributed LocalCluster of --workers processes here"
    )
    parser.add_argument(
        "--dashboard", metavar="ADDRESS", help="with --cluster local: serve the dashboard there (e.g. :8787)"
    )
    parser.add_argument(
        "--hold", type=float, default=0.0, metavar="SECONDS", help="with --cluster local: keep it after the run"
    )
    parser.add_argument("--format", default="text", choices=sorted(REPORTERS))
    parser.add_argument("--allow-external-refs", action="store_true")
    args = parser.parse_args(argv)
    if args.cluster is not None and args.scheduler is not None:
        parser.error("--cluster and --scheduler exclude each other")
    options = Options(allow_external_refs=args.allow_external_refs)
    report = validate_directory(
        args.directory,
        options,
        args.workers,
        args.scheduler,
        cluster=args.cluster,
        dashboard=args.dashboard,
        hold=args.hold,
    )
    sys.stdout.write(REPORTERS[args.format](report, RenderOptions()))
    return report.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
