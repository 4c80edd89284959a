#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server, then remove the server and its files.

    python tools/with_postgres.py -- pytest -m web

Uses the installed server binaries (Debian's postgresql package), a fresh cluster in a temporary directory,
a free loopback port and, when started as root, the unprivileged `postgres` account (PostgreSQL refuses to
run as root). The command gets DATABASE_URL pointing at the server; its exit code is passed on.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SERVER_USER = "postgres"


def server_binaries() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not candidates:
        sys.exit("PostgreSQL server binaries not found (install the Debian package 'postgresql').")
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_as_server_user(binary: Path, *arguments: str, workdir: Path, check: bool = True) -> None:
    """Run a server binary as the server account (PostgreSQL refuses root), from a directory it may enter."""
    command = [str(binary), *arguments]
    if os.geteuid() == 0:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    subprocess.run(command, check=check, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main(argv: list[str]) -> int:
    if "--" not in argv:
        sys.exit("usage: with_postgres.py -- COMMAND [ARGS…]")
    command = argv[argv.index("--") + 1 :]
    binaries = server_binaries()
    workdir = Path(tempfile.mkdtemp(prefix="prongsai-pg-"))
    data, sockets, log = workdir / "data", workdir / "sockets", workdir / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        for path in (workdir, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = free_port()
    started = False
    try:
        run_as_server_user(
            binaries / "initdb",
            "-D",
            str(data),
            "-U",
            "prongsai",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            workdir=workdir,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run_as_server_user(
            binaries / "pg_ctl",
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "start",
            workdir=workdir,
        )
        started = True
        # The database DATABASE_URL names, for programs that use it directly (tests make their own test_ copy).
        run_as_server_user(
            binaries / "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "prongsai",
            "prongsai",
            workdir=workdir,
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://prongsai@127.0.0.1:{port}/prongsai")
        print(f"throwaway PostgreSQL on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env=env).returncode
    except subprocess.CalledProcessError as exc:
        print(f"PostgreSQL could not start: {exc}", file=sys.stderr)
        if exc.stderr:
            print(exc.stderr.decode(errors="replace"), file=sys.stderr)
        if log.exists():
            print(log.read_text(errors="replace"), file=sys.stderr)
        return 1
    finally:
        if started:
            run_as_server_user(
                binaries / "pg_ctl", "-D", str(data), "-m", "immediate", "stop", workdir=workdir, check=False
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
