"""`make bench`: build a province-scale throwaway database, serve it with
gunicorn (one process), load each route with wrk and print one table.

    python bench/run.py [--db sqlite|postgres] [--worker gthread|sync]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from client import Client, time_posts

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PASSWORD = "bench-password-2026"
ROUTES = [  # name, path, needs the member cookie, extra header
    ("/sante", "/sante", False, None),
    ("/ (visitor)", "/", False, None),
    ("/centrales (visitor)", "/centrales", False, None),
    ("/annonces (member, page)", "/annonces", True, None),
    ("/annonces fragment, 2 filters", "/annonces?kind=offre&category=pret-materiel",
     True, "HX-Request: true"),
    ("/annonces?q=materiel (common)", "/annonces?q=materiel", True, None),
    ("/annonces?q=tractopelle (rare)", "/annonces?q=tractopelle", True, None),
    ("/annonces/<id>", "/annonces/2", True, None),
    ("/modeles", "/modeles", True, None),
]
BUDGETS = {"/annonces fragment, 2 filters": 0.40, "/annonces?q=materiel (common)": 0.30,
           "/annonces?q=tractopelle (rare)": 0.30, "/ (visitor)": 0.50,
           "/centrales (visitor)": 0.50}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres",
                    "-qAtc", sql], check=True)


def build(env: dict) -> None:
    started = time.monotonic()
    flask(env, "db", "upgrade")
    flask(env, "seed", "reference")
    subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "build_db.py")], env=env,
                   check=True, cwd=ROOT)
    print(f"database ready in {time.monotonic() - started:.1f} s")


def serve(env: dict, port: int, worker: str, log: Path) -> subprocess.Popen:
    """gunicorn as in the README's deployment, its log (a line a request)
    kept out of the terminal."""
    threads = ["--threads", "4"] if worker == "gthread" else []
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "-k", worker, *threads, "--log-level", "warning", "wsgi:app"],
            env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            if Client(port).request("GET", "/sante")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def wrk(port: int, path: str, headers: list[str], args) -> dict:
    command = ["wrk", "--latency", "-t", "2", "-c", str(args.connections),
               "-d", f"{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], check=True,
                            capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{path}: non-2xx responses\n{output}")

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)", output, re.M).groups()
        return float(value) * UNITS[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": latency("50"), "p99_ms": latency("99")}


def measure(port: int, member: Client, args) -> dict:
    results = {}
    for name, path, needs_member, header in ROUTES:
        runs = []
        for _ in range(args.runs):
            headers = [f"Cookie: {member.fresh_cookie(path)}"] if needs_member else []
            runs.append(wrk(port, path, headers + ([header] if header else []), args))
        median = sorted(runs, key=lambda run: run["rps"])[(len(runs) - 1) // 2]
        results[name] = {**median, "runs_rps": [run["rps"] for run in runs]}
        print(f"  {name}: {median['rps']:.0f} req/s", flush=True)
    return results


def peak_memory_mb(server_pid: int) -> float:
    """VmHWM of the gunicorn worker (the process that serves)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    peaks = []
    for pid in [server_pid, *map(int, children)]:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def report(results: dict, posts: dict, memory: float, meta: dict) -> None:
    floor = results["/sante"]["rps"]
    print(f"\n{meta['db']}, gunicorn 1 worker ({meta['worker']}), wrk "
          f"{meta['connections']} connections, {meta['runs']} x {meta['duration']} s, median")
    print(f"| {'route':34} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | "
          f"{'/sante':>6} | budget |")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 8}|--------|")
    for name, row in results.items():
        row["ratio"] = row["rps"] / floor
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else (
            f">={budget:.2f} {'ok' if row['ratio'] >= budget else 'MISS'}")
        print(f"| {name:34} | {row['rps']:7.0f} | {row['p50_ms']:7.2f} | "
              f"{row['p99_ms']:7.2f} | {row['ratio']:6.2f} | {verdict:6} |")
    ratio = posts["broadcast"]["mean_ms"] / posts["normal"]["mean_ms"]
    print(f"\nPOST /annonces/nouvelle, sequential, mean of {posts['normal']['n']}: normal "
          f"{posts['normal']['mean_ms']:.1f} ms, broadcast to {meta['recipients']} users "
          f"{posts['broadcast']['mean_ms']:.1f} ms (x{ratio:.2f}, budget x1.50 "
          f"{'ok' if ratio <= 1.5 else 'MISS'})")
    print(f"peak memory of the server process (VmHWM): {memory:.0f} MB "
          f"(budget 150 MB {'ok' if memory < 150 else 'MISS'})")
    posts["ratio"] = ratio
    output = {**meta, "routes": results, "posts": posts, "peak_memory_mb": memory}
    (ROOT / "bench" / "results.json").write_text(json.dumps(output, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--worker", choices=["gthread", "sync"], default="sync")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10,
                        help="seconds a run, under 60 (a browser's session cookie "
                        "changes each minute)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--posts", type=int, default=10, help="users posting, 2 ads each")
    args = parser.parse_args()
    if not 0 < args.duration < 60:
        parser.error("--duration must be between 1 and 59 seconds")
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="eplateforme-bench-"))
    db_name = f"eplateforme_bench_{secrets.token_hex(4)}"
    if args.db == "postgres":
        psql(f"CREATE DATABASE {db_name}")
        url = f"{PG_SERVER}/{db_name}"
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "production",
           "SECRET_KEY": secrets.token_hex(32), "OUTBOX_SENDER_THREAD": "0",
           "JOBS_SCHEDULER": "0", "RATELIMIT_STORAGE_URI": "memory://",
           "UPLOAD_FOLDER": str(workdir / "uploads"), "MAIL_SERVER": ""}
    server = None
    try:
        build(env)
        port = free_port()
        server = serve(env, port, args.worker, workdir / "server.log")
        member = Client(port)
        member.login("agent1@bench.example.be", PASSWORD)
        print(f"wrk on 127.0.0.1:{port} ({args.worker})", flush=True)
        results = measure(port, member, args)
        emails = [f"agent{n}@bench.example.be" for n in range(2, 2 + args.posts)]
        posts = time_posts(port, emails, PASSWORD, per_user=2)
        memory = peak_memory_mb(server.pid)
        report(results, posts, memory, {
            "db": args.db, "worker": args.worker, "connections": args.connections,
            "duration": args.duration, "runs": args.runs, "recipients": 2000,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
        if args.db == "postgres":
            psql(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")


if __name__ == "__main__":
    main()
