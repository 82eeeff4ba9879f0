"""`make serve`: the production shape on one machine (issue 17, decision 0027, docs/deploy.md).

    Varnish (HOST:PORT, deploy/varnish/danvan.vcl)
      → SERVE_APPS app servers (gunicorn, 127.0.0.1:APP_PORT…, WEB_CONCURRENCY workers each)
      → PostgreSQL (DATABASE_URL) or SQLite (var/db.sqlite3)
      → Redis (REDIS_URL, or one started here from deploy/redis.conf: append-only file in var/redis/)
    beside them: the scheduler and the task worker, once.

Run with the project's virtualenv from the project's folder (the Makefile does). Ctrl-C or SIGTERM
stops everything. Each app server's process id is in var/serve/app-<n>.pid, so one can be stopped
to see the front send its requests to the others.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("DANVAN_VAR_DIR", ROOT / "var"))
RUN = VAR / "serve"
PYTHON = sys.executable


def say(message: str) -> None:
    print(f"[serve] {message}", flush=True)


def wait_for(check: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"[serve] {what} không khởi động được sau {timeout:.0f} giây")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def front_answers(port: int) -> bool:
    """The front is up and its health probes have found an app server."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/robots.txt")
        return connection.getresponse().status == 200
    except OSError:
        return False


class Stack:
    def __init__(self) -> None:
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env = dict(os.environ)

    def start(
        self, name: str, args: list[str], env: dict[str, str] | None = None, quiet: bool = False
    ) -> None:
        output = subprocess.DEVNULL if quiet else None
        process = subprocess.Popen(args, cwd=ROOT, env=env or self.env, stdout=output)
        self.children.append((name, process))

    def stop(self) -> None:
        for _name, process in reversed(self.children):
            if process.poll() is None:
                process.terminate()
        for name, process in reversed(self.children):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                say(f"{name} không dừng, buộc dừng")
                process.kill()

    def redis(self) -> None:
        """Start Redis from deploy/redis.conf when REDIS_URL names none."""
        if self.env.get("REDIS_URL"):
            return
        server = shutil.which("redis-server")
        if server is None:
            say("không có redis-server: bộ đệm trang dùng tệp trong var/cache/")
            return
        data = VAR / "redis"
        data.mkdir(parents=True, exist_ok=True)
        sock = data / "redis.sock"
        sock.unlink(missing_ok=True)
        args = [server, str(ROOT / "deploy" / "redis.conf"), "--dir", str(data), "--port", "0"]
        args += ["--unixsocket", str(sock), "--unixsocketperm", "700", "--daemonize", "no"]
        self.start("redis", args, quiet=True)
        wait_for(sock.exists, "Redis")
        self.env["REDIS_URL"] = f"unix://{sock}?db=0"
        say(f"Redis (tệp ghi nối tiếp) tại {sock}")

    def prepare(self, base_url: str) -> None:
        manage = [PYTHON, "manage.py"]
        steps = [
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput", "--verbosity", "0"],
            ["load_demo"],
            ["ensure_site", "--base-url", base_url],
            ["rebuild_search_index", "--if-empty"],
            ["ensure_admin"],
        ]
        if os.environ.get("SERVE_DEMO", "1") != "1":
            steps.remove(["load_demo"])
        env = {k: v for k, v in self.env.items() if k != "DANVAN_FRONT_CACHES"}  # no front yet to purge
        for step in steps:
            subprocess.run(manage + step, cwd=ROOT, env=env, check=True)

    def apps(self, count: int, first_port: int) -> list[int]:
        ports = []
        for n in range(count):
            port, name = first_port + n, f"app-{n + 1}"
            env = dict(self.env, HOST="127.0.0.1", PORT=str(port))
            env.update(DANVAN_SCHEDULER="0", DANVAN_TASK_WORKER="0")  # started once, beside them
            # The front's health probes would fill the console: each app server logs to its own file.
            env.setdefault("GUNICORN_ACCESSLOG", str(RUN / f"{name}-access.log"))
            args = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--pid", str(RUN / f"{name}.pid")]
            args += [
                "--control-socket",
                str(RUN / f"{name}.ctl"),
            ]  # one each (gunicorn's default: one per user)
            self.start(name, args, env=env)
            ports.append(port)
        for port in ports:
            wait_for(lambda: port_open(port), f"máy ứng dụng cổng {port}")  # noqa: B023 - called before the loop moves on
        return ports

    def sidecars(self) -> None:
        self.start("scheduler", [PYTHON, "manage.py", "run_scheduler"])
        self.start("task-worker", [PYTHON, "manage.py", "db_worker", "--backend", "queue"])

    def varnish(self, host: str, port: int, app_ports: list[int]) -> None:
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        if not Path(varnishd).exists():
            raise SystemExit("[serve] thiếu varnishd: hãy chạy scripts/system_packages.sh serve")
        vcl = write_vcl(app_ports)
        workdir = Path(os.environ.get("SERVE_VARNISH_DIR", f"/tmp/danvan-varnish-{port}"))
        args = [varnishd, "-F", "-a", f"{host}:{port}", "-f", str(vcl), "-n", str(workdir)]
        args += ["-s", f"malloc,{os.environ.get('SERVE_CACHE_SIZE', '256m')}", "-p", "default_ttl=0"]
        args += ["-p", "default_grace=0", "-p", "feature=+http2"]
        if os.getuid() != 0:
            args += ["-j", "none"]
        self.start("varnish", args, quiet=True)
        wait_for(lambda: front_answers(port), "Varnish")


def local_address(host: str) -> str:
    """Where this machine reaches the front (for bans): its own address, or loopback for 'all'."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::", "[::]") else host


def purger_addresses() -> list[str]:
    """Who may send bans besides loopback: the front's own address and SERVE_PURGERS (app servers
    on other machines)."""
    extra = [a.strip() for a in os.environ.get("SERVE_PURGERS", "").split(",") if a.strip()]
    own = local_address(os.environ.get("HOST", "127.0.0.1"))
    return sorted({a for a in [own, *extra] if a not in ("127.0.0.1", "::1")})


def write_vcl(app_ports: list[int]) -> Path:
    template = (ROOT / "deploy" / "varnish" / "danvan.vcl").read_text()
    backends, director = [], []
    for n, port in enumerate(app_ports, start=1):
        backends.append(
            f'backend app{n} {{\n    .host = "127.0.0.1";\n    .port = "{port}";\n'
            "    .connect_timeout = 1s;\n    .first_byte_timeout = 60s;\n"
            '    .probe = {\n        .url = "/robots.txt";\n        .interval = 1s;\n'
            "        .timeout = 1s;\n        .window = 3;\n        .threshold = 2;\n    }\n}"
        )
        director.append(f"    apps.add_backend(app{n});")
    purgers = [f'    "{a}";' for a in purger_addresses()]
    text = template.replace("#BACKENDS#", "\n".join(backends)).replace("#DIRECTOR#", "\n".join(director))
    text = text.replace("#PURGERS#", "\n".join(purgers))
    # Where Varnish's compiler (another user when started as root) can read it.
    path = Path(f"/tmp/danvan-varnish-{os.environ.get('PORT', '8000')}.vcl")
    path.write_text(text)
    path.chmod(0o644)
    return path


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    count = int(os.environ.get("SERVE_APPS", "2"))
    first_app_port = int(os.environ.get("SERVE_APP_PORT", str(port + 1)))
    base_url = os.environ.get("DANVAN_BASE_URL") or f"http://{host}:{port}"
    RUN.mkdir(parents=True, exist_ok=True)
    stack = Stack()
    stack.env.update(
        DANVAN_BASE_URL=base_url,
        DANVAN_FRONT_CACHES=f"http://{local_address(host)}:{port}",
        DANVAN_TRUSTED_PROXIES=os.environ.get("DANVAN_TRUSTED_PROXIES", "127.0.0.1"),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
    )

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        stack.redis()
        stack.prepare(base_url)
        app_ports = stack.apps(count, first_app_port)
        stack.sidecars()
        stack.varnish(host, port, app_ports)
        say(f"{count} máy ứng dụng: cổng {', '.join(map(str, app_ports))}; bộ đệm phía trước: Varnish")
        print(f"Trang web: http://{host}:{port}/   Quản trị: http://{host}:{port}/admin/", flush=True)
        while True:
            time.sleep(1)
            for name, process in stack.children:
                if name in ("varnish", "redis") and process.poll() is not None:
                    raise SystemExit(f"[serve] {name} đã dừng (mã {process.returncode})")
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
