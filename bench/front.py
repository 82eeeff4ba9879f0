"""``python -m bench.front``: an anonymous article through `make serve`'s front, against nginx serving the
same bytes as a static file (issue 17: target ≥ 0.5 × nginx).

Self-contained: `deploy/serve.py` is started on free ports with a folder of its own (demo content,
SQLite — or a throw-away PostgreSQL database with ``--database-url`` — and serve's own Redis); an
article is fetched once through the front, as a browser would (``Accept-Encoding: gzip``), and its
bytes and headers written to a file that nginx serves; then wrk loads both in turn for
``--seconds``, ``--rounds`` times, interleaved. Prints requests/s and latency for each, and the
ratio front ÷ nginx with PASS/FAIL. Needs varnish, nginx and wrk: ``scripts/system_packages.sh bench``.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import create_pg_database, drop_pg_database, log, step

REPO = Path(__file__).resolve().parent.parent
RATIO_TARGET = 0.5
ARTICLE = "/cong-tac-dan-van/hop-mat-93-nam-ngay-truyen-thong-dan-van/"
NGINX_CONF = """
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/www;
        location = /article.html {{
            default_type "text/html; charset=utf-8";
            add_header Content-Encoding gzip;
            add_header Cache-Control "public, max-age=300";
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wrk(url: str, seconds: float, connections: int) -> tuple[float, str]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds:.0f}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]  # wrk prints it
    p99 = re.search(r"99%\s+(\S+)", out)
    return rate, p99.group(1) if p99 else "?"


def start_serve(tmp: Path, database_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port, app_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        SERVE_APP_PORT=str(app_port),
        DANVAN_VAR_DIR=str(tmp / "var"),
        DANVAN_MEDIA_ROOT=str(tmp / "media"),
        DANVAN_STATIC_ROOT=str(tmp / "static"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    log_file = (tmp / "serve.log").open("w")
    process = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "python"), "deploy/serve.py"],
        cwd=REPO,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while "Trang web:" not in (tmp / "serve.log").read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("serve did not start:\n" + (tmp / "serve.log").read_text()[-2000:])
        time.sleep(0.5)
    return process, port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.front", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--database-url", default="", help="a throw-away PostgreSQL database (name starts with bench)"
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when the target is missed")
    args = parser.parse_args(argv)
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: scripts/system_packages.sh bench")
    tmp = Path(tempfile.mkdtemp(prefix="bench-front-"))
    tmp.chmod(0o755)  # nginx's workers read the file as another user
    if args.database_url:
        create_pg_database(args.database_url)
    process, port = None, 0
    nginx = None
    try:
        with step("make serve (migrate, demo, two app servers, Varnish)"):
            process, port = start_serve(tmp, args.database_url)
        front = f"http://127.0.0.1:{port}{ARTICLE}"
        request = urllib.request.Request(front, headers={"Accept-Encoding": "gzip"})
        for _ in range(2):  # the second answer is the stored copy
            with urllib.request.urlopen(request) as answer:
                body, front_state = answer.read(), answer.headers["X-Danvan-Front"]
                encoding = answer.headers.get("Content-Encoding", "")
        assert front_state == "hit" and encoding == "gzip", (front_state, encoding)
        (tmp / "www").mkdir()
        (tmp / "www" / "article.html").write_bytes(body)
        static_port = free_port()
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, port=static_port))
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen(
            [nginx_bin, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"]
        )
        time.sleep(1)
        static = f"http://127.0.0.1:{static_port}/article.html"
        with urllib.request.urlopen(static) as answer:
            assert answer.read() == body, "nginx serves the same bytes"
        log(
            f"article: {len(body)} bytes gzipped; wrk -t2 -c{args.connections}, {args.seconds:.0f} s × {args.rounds}"
        )
        results: dict[str, list[tuple[float, str]]] = {
            "nginx (static file)": [],
            "make serve (Varnish hit)": [],
        }
        for _ in range(args.rounds):
            results["nginx (static file)"].append(wrk(static, args.seconds, args.connections))
            results["make serve (Varnish hit)"].append(wrk(front, args.seconds, args.connections))
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        if args.database_url:
            drop_pg_database(args.database_url)
        shutil.rmtree(tmp, ignore_errors=True)
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\nAnonymous article, front vs static file ({vendor}; same run, same machine)")
    print("| served by | requests/s (median of rounds) | every round | p99 (median round) |")
    print("|---|---:|---|---:|")
    best = {}
    for name, rounds in results.items():
        rate, p99 = sorted(rounds)[len(rounds) // 2]
        best[name] = rate
        every = ", ".join(f"{r:,.0f}" for r, _p in rounds)
        print(f"| {name} | {rate:,.0f} | {every} | {p99} |")
    ratio = best["make serve (Varnish hit)"] / best["nginx (static file)"]
    verdict = "PASS" if ratio >= RATIO_TARGET else "FAIL"
    print(f"\nratio front ÷ nginx: {ratio:.2f} (target ≥ {RATIO_TARGET}) {verdict}")
    return 0 if verdict == "PASS" or args.no_fail else 1


if __name__ == "__main__":
    raise SystemExit(main())
