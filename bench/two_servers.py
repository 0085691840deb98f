"""Two app servers behind nginx on one PostgreSQL: phones answer through nginx while one server is
killed and started again. Nothing may be lost, nothing doubled.

    bash bench/two_servers.sh

The proxy is Debian's nginx with the production locations (deploy/nginx/mitreden-locations.conf); the
app servers are gunicorn with deploy/gunicorn.conf.py; PostgreSQL is a throwaway cluster on a free port
(bench/pgcluster.py). Phones, reconciliation and the table come from bench/faults.py. Also checks that
neither nginx's nor gunicorn's access log holds an IP address. Not a CI test.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from common import prepare, seed_demo, wait_until_up  # noqa: E402
from faults import SETTLE, Phase, Run, open_url, phone, reconcile, report  # noqa: E402
from pgcluster import free_port, throwaway_cluster  # noqa: E402

PHONES = int(os.environ.get("BENCH_PHONES", "6"))
NGINX = """
worker_processes 1;
error_log {tmp}/nginx-error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    log_format mitreden escape=json '{{"time": "$time_iso8601", "method": "$request_method", '
        '"path": "$uri", "status": $status, "bytes": $body_bytes_sent, "seconds": $request_time, '
        '"request_id": "$request_id"}}';
    access_log {tmp}/nginx-access.log mitreden;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    upstream mitreden {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=5s;
        keepalive 16;
    }}
    server {{  # as in production: only the site's own name is served
        listen 127.0.0.1:{port} default_server;
        return 444;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        set $mitreden_static {root}/static;
        include {root}/deploy/nginx/mitreden-locations.conf;
    }}
}}
"""


def app_server(env: dict, port: int, log) -> subprocess.Popen:
    server_env = {**env, "MITREDEN_BIND": f"127.0.0.1:{port}", "MITREDEN_WORKERS": "2"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=log,
    )


def main() -> None:
    python = Path(sys.executable)
    port, a, b = free_port(), free_port(), free_port()
    with throwaway_cluster() as cluster, tempfile.TemporaryDirectory(prefix="mitreden-two-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as an unprivileged user
        env = {
            **os.environ,
            "PARTICIPATION_SQLALCHEMY_DATABASE_URI": cluster.url,
            "FLASK_APP": "participation",
            "PARTICIPATION_METRICS_HOST": "127.0.0.1",
            "PARTICIPATION_SECRET_KEY": f"two-servers-{os.urandom(8).hex()}",
            # All phones come from 127.0.0.1: the per-address answer limits (issue 11) would refuse them.
            "PARTICIPATION_ANSWER_LIMITS": "100000 per minute",
        }
        env.pop("DATABASE_URL", None)
        flask = str(python.parent / "flask")
        prepare(flask, env)
        code = seed_demo(flask, env, f"http://127.0.0.1:{port}")
        (Path(tmp) / "nginx.conf").write_text(NGINX.format(tmp=tmp, a=a, b=b, port=port, root=ROOT))
        logs = {name: open(Path(tmp) / f"{name}.log", "w") for name in ("a", "b", "nginx")}
        servers = {"a": app_server(env, a, logs["a"]), "b": app_server(env, b, logs["b"])}
        nginx = subprocess.Popen(
            ["nginx", "-p", tmp, "-c", f"{tmp}/nginx.conf", "-g", "daemon off;"],
            stdout=logs["nginx"],
            stderr=logs["nginx"],
        )
        ok = False
        try:
            for server_port in (a, b):
                wait_until_up(f"http://127.0.0.1:{server_port}")
            base = f"http://localhost:{port}"
            wait_until_up(base)
            static = open_url(urllib.request.build_opener(), f"{base}/datenschutz")
            css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', static[2]).group(1)
            served = urllib.request.urlopen(f"{base}{css}")
            cache_control = served.headers.get("Cache-Control", "")
            assert served.status == 200 and "immutable" in cache_control, (
                f"nginx serves {css}: {cache_control}"
            )
            run = Run(base, code)
            print(
                f"nginx on {base}, app servers on {a} and {b}, PostgreSQL on {cluster.port}, {PHONES} phones",
                flush=True,
            )
            phones = [
                threading.Thread(target=phone, args=(run, n), daemon=True) for n in range(1, PHONES + 1)
            ]
            for thread in phones:
                thread.start()
            time.sleep(SETTLE)
            run.phases.append(Phase("app server a killed (kill -9, master and workers)", time.monotonic()))
            print(f"  {run.phase.name}", flush=True)
            master = servers["a"].pid
            workers = subprocess.run(
                ["pgrep", "-P", str(master)], capture_output=True, text=True
            ).stdout.split()
            for pid in [master, *map(int, workers)]:
                os.kill(pid, signal.SIGKILL)
            servers["a"].wait()
            time.sleep(SETTLE)
            run.phases.append(Phase("app server a started again", time.monotonic()))
            print(f"  {run.phase.name}", flush=True)
            servers["a"] = app_server(env, a, logs["a"])
            time.sleep(SETTLE)
            run.stop.set()
            for thread in phones:
                thread.join(timeout=120)
            ok = report(run, reconcile(run, cluster.url))
            counted = []
            for server_port in (a, b):  # each server's own metrics, added up over its workers
                page = urllib.request.urlopen(f"http://127.0.0.1:{server_port}/metrics").read().decode()
                found = re.search(r"^mitreden_answers_accepted_total (\S+)$", page, re.M)
                counted.append(float(found.group(1)) if found else 0.0)
            public = open_url(urllib.request.build_opener(), f"{base}/metrics")
            other_host = open_url(urllib.request.build_opener(), f"http://127.0.0.1:{port}/metrics")
            print(
                f"metrics: answers accepted per app server {counted} (server a counts since its restart); "
                f"/metrics through the proxy: {public[0] if public else 'no answer'}; "
                f"another host name: {other_host[0] if other_host else 'closed, no answer'}"
            )
            ok = ok and all(n > 0 for n in counted) and public is not None and public[0] == 404
            ok = ok and other_host is None
        finally:
            for process in (*servers.values(), nginx):
                process.terminate()
                process.wait(timeout=60)
            for log in logs.values():
                log.close()
            logged = "".join(
                (Path(tmp) / name).read_text() for name in ("a.log", "b.log", "nginx-access.log")
            )
            requests = [line for line in logged.splitlines() if re.search(r'"(GET|POST)"', line)]
            addresses = sum(1 for line in requests if re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", line))
            print(f"access logs: {len(requests)} request lines, {addresses} with an IP address")
            ok = ok and addresses == 0 and len(requests) > 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
