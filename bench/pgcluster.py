"""A throwaway PostgreSQL cluster for benchmarks and fault runs: its own data directory, a free port on
127.0.0.1, trust auth for local use; never the shared cluster. Stopped and removed afterwards.

    python bench/pgcluster.py start DIR      initdb + start; prints the database URL (database "bench")
    python bench/pgcluster.py stop DIR       stop it (fast) and remove DIR
    python bench/pgcluster.py pid DIR        the postmaster's pid (for fault injection)

From Python: `with throwaway_cluster() as cluster: cluster.url ...`. The server binaries come from
BENCH_PG_BIN, else `pg_config --bindir`, else Debian's /usr/lib/postgresql/<version>/bin. As root the
cluster runs as the "postgres" system user (initdb refuses root).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def pg_bin() -> Path:
    """Where initdb and pg_ctl live."""
    if os.environ.get("BENCH_PG_BIN"):
        return Path(os.environ["BENCH_PG_BIN"])
    try:
        return Path(
            subprocess.run(
                ["pg_config", "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
    except (OSError, subprocess.CalledProcessError):
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not versions:
            sys.exit("no PostgreSQL server binaries (apt-get install postgresql, or set BENCH_PG_BIN)")
        return versions[-1].parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    directory: Path
    port: int

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
        return f"postgresql://{user}@127.0.0.1:{self.port}/bench"

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = _as_owner([str(pg_bin() / "pg_ctl"), "-D", str(self.data), *args])
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def start(self) -> None:
        """Start (or restart after a fault) and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-l", str(self.directory / "server.log"), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "-w", "stop", check=False)

    def pid(self) -> int:
        """The postmaster's process id."""
        return int((self.data / "postmaster.pid").read_text().split()[0])


def create(directory: Path) -> Cluster:
    """initdb a new cluster in directory, start it on a free port and create the database "bench"."""
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = Cluster(directory, free_port())
    bin_dir = pg_bin()
    initdb = [str(bin_dir / "initdb"), "-D", str(cluster.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
    done = subprocess.run(_as_owner(initdb), capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"initdb failed in {directory} (the postgres user must be able to reach it):\n{done.stderr}")
    (directory / "port").write_text(str(cluster.port))
    cluster.start()
    createdb = [
        str(bin_dir / "createdb"),
        "-h",
        "127.0.0.1",
        "-p",
        str(cluster.port),
        "-U",
        "postgres",
        "bench",
    ]
    subprocess.run(_as_owner(createdb), check=True, capture_output=True)
    return cluster


def existing(directory: Path) -> Cluster | None:
    """The cluster started in directory, or None if it never got as far as a port."""
    port = directory / "port"
    return Cluster(directory, int(port.read_text())) if port.exists() else None


def remove(cluster: Cluster | None, directory: Path | None = None) -> None:
    """Stop the cluster (if it was started) and delete its directory."""
    if cluster is not None:
        cluster.stop("immediate")
        directory = cluster.directory
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def throwaway_cluster():
    """A started cluster for the duration of the block; stopped and deleted afterwards, whatever happened."""
    directory = Path(tempfile.mkdtemp(prefix="mitreden-pg-"))
    cluster = None
    try:
        cluster = create(directory)
        for _ in range(50):  # wait for the started server
            if (
                subprocess.run(
                    ["pg_isready", "-h", "127.0.0.1", "-p", str(cluster.port)], capture_output=True
                ).returncode
                == 0
            ):
                break
            time.sleep(0.1)
        yield cluster
    finally:
        if cluster is not None:
            remove(cluster)
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("start", "stop", "pid"):
        sys.exit(__doc__)
    command, directory = argv[0], Path(argv[1])
    if command == "start":
        print(create(directory).url)
    elif command == "stop":
        remove(existing(directory), directory)
    else:
        print(existing(directory).pid())


if __name__ == "__main__":
    main(sys.argv[1:])
