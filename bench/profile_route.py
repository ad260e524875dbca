"""Profile one route in-process with pyinstrument, against a bench database.

    DATABASE_URL=sqlite:////tmp/.../bench.sqlite3 \
        python bench/profile_route.py "/annonces?q=materiel" [--member] [--hx] [-n 50]
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyinstrument import Profiler

from app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--member", action="store_true")
    parser.add_argument("--hx", action="store_true")
    parser.add_argument("-n", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    os.environ.update(APP_ENV="production", OUTBOX_SENDER_THREAD="0", JOBS_SCHEDULER="0")
    app = create_app()
    client = app.test_client()
    if args.member:
        html = client.get("/connexion").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        client.post("/connexion", data={"csrf_token": token, "password": "bench-password-2026",
                                        "email": "agent1@bench.example.be"})
    headers = {"HX-Request": "true"} if args.hx else {}
    client.get(args.path, headers=headers)  # warm up caches
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.n):
            response = client.get(args.path, headers=headers)
    print(f"HTTP {response.status_code}, {len(response.data)} bytes")
    show_all = bool(os.environ.get("SHOW_ALL"))
    print(profiler.output_text(unicode=True, color=False, show_all=show_all))


if __name__ == "__main__":
    main()
