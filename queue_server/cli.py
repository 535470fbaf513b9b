"""`xephang server`: one hall's queue server on one port."""
import argparse
import asyncio
import logging
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from queue_server.config import load_config_for_command
from queue_server.database_file import DatabaseFileError, DatabaseLock, explain
from queue_server.paths import default_db_path
from queue_server.personal_data import SecretFileError, load_person_key, secret_path
from queue_server.server import HallServer, run_server
from queue_server.store import NewerSchema, Store
from queue_server.tls import server_context


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "server", help="chạy máy chủ xếp hàng / run the queue server",
        description="Máy chủ xếp hàng của một sảnh / The queue server of one hall.")
    parser.add_argument("--config", type=Path, help="hall TOML file (default: the embedded demo hall)")
    parser.add_argument("--db", type=Path, help="SQLite file (default: under the user data directory)")
    parser.add_argument("--host", help="address to listen on (default: [server] host in the config)")
    parser.add_argument("--port", type=int, help="port (default: [server] port in the config; 0 picks a free one)")
    parser.add_argument("--clock-start", metavar="ISO_TIME",
                        help="for tests and demos: run the hall's clock from this local time")
    parser.set_defaults(run=run)


def _stop(stop: asyncio.Future[None]) -> None:
    if not stop.done():
        stop.set_result(None)


def make_clock(clock_start: str | None, zone: tzinfo) -> Callable[[], float]:
    if clock_start is None:
        return time.time
    start = datetime.fromisoformat(clock_start)
    offset = (start if start.tzinfo else start.replace(tzinfo=zone)).timestamp() - time.time()
    return lambda: time.time() + offset


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if (config := load_config_for_command(args.config)) is None:
        return 2
    db_path = args.db or default_db_path(args.config)
    key_path = secret_path(config, args.config, db_path)
    try:
        person_key = load_person_key(key_path)
    except SecretFileError as error:
        print(f"Lỗi tệp khóa / Secret file error:\n  {error}", file=sys.stderr)
        return 2
    try:
        lock = DatabaseLock(db_path).take()  # the only server on this file, until this process ends
        hall = HallServer(config, Store.open(db_path), person_key, clock=make_clock(args.clock_start, config.zone))
    except DatabaseFileError as error:
        print(error.line, file=sys.stderr)
        return 2
    except NewerSchema as newer:
        print(DatabaseFileError(db_path, "cơ sở dữ liệu do một phiên bản xephang mới hơn ghi "
                                         f"(lược đồ {newer.version}, phiên bản này biết đến {newer.known}): "
                                         "hãy cập nhật xephang",
                                f"written by a newer xephang (schema {newer.version}, this one knows up to "
                                f"{newer.known}): upgrade xephang").line, file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as error:
        print(explain(db_path, error).line, file=sys.stderr)
        return 2
    host = args.host or config.server.host
    port = config.server.port if args.port is None else args.port
    print(f"xephang server: hall \"{config.hall.name}\"" + (" (embedded demo hall)" if args.config is None else ""))
    print(f"xephang server: database {db_path.resolve()}")
    print(f"xephang server: ID number hashes keyed by {key_path.resolve()}")

    cert, key = config.server.tls_cert, config.server.tls_key  # both or neither (the config says so)
    tls = server_context(cert, key) if cert and key else None
    web = "https" if tls else "http"

    def ready(bound_port: int) -> None:
        print(f"xephang server: listening on {config.server.scheme}://{host}:{bound_port} "
              f"(health: {web}://{host}:{bound_port}/healthz)", flush=True)

    async def main() -> None:
        stop = asyncio.get_running_loop().create_future()
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(sig, _stop, stop)
        await run_server(hall, host, port, ready=ready, stop=stop, tls=tls)

    asyncio.run(main())
    lock.release()
    if hall.gone is not None:
        print(f"xephang server: dừng: tệp cơ sở dữ liệu {db_path} đã bị {'xóa' if hall.gone == 'deleted' else 'thay'} "
              f"/ stopped: the database {db_path} was {hall.gone}", file=sys.stderr)
        return 1
    if hall.broken.is_set():
        print("xephang server: dừng: không đọc được cơ sở dữ liệu / stopped: the database cannot be read",
              file=sys.stderr)
        return 1
    print("xephang server: stopped")
    return 0
