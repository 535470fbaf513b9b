"""`xephang dashboard`: the hall manager's web dashboard on the hall's LAN."""
import asyncio
import logging
import socket
import sys
from pathlib import Path

from queue_protocol import ca_file
from queue_server.config import load_config_for_command
from queue_server.paths import default_db_path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="bảng điều hành trên trình duyệt cho trưởng bộ phận / the manager's web dashboard",
        description="Bảng điều hành của sảnh: trực tiếp, báo cáo, hồ sơ / The hall's web dashboard: live, "
                    "reports, dossiers. Reads the database read-only and follows the queue server as a client.")
    parser.add_argument("--config", type=Path, help="hall TOML file (default: the embedded demo hall)")
    parser.add_argument("--db", type=Path, help="the queue server's SQLite file (default: the server's default)")
    parser.add_argument("--server", help="queue server URL (default: ws:// or wss://127.0.0.1:<[server] port>)")
    ca_file.add_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the whole LAN)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    parser.set_defaults(run=run)


def run(args) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if (config := load_config_for_command(args.config)) is None:
        return 2
    if not config.dashboard.device or not config.managers:
        print("Cấu hình chưa có [dashboard] device và [[managers]] / The configuration needs [dashboard] device "
              "and at least one [[managers]] entry (see docs/dashboard.md)", file=sys.stderr)
        return 2
    import uvicorn  # imported here: `xephang dashboard --help` stays quick

    from dashboard.app import Dashboard, build_app
    server_url = args.server or f"{config.server.scheme}://127.0.0.1:{config.server.port}"
    if problem := ca_file.problem(server_url, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    db_path = args.db or default_db_path(args.config)
    app = build_app(Dashboard(config, db_path, server_url, ca_file=args.ca_file))
    # Our own socket: the port is known (and printed) before serving, also when 0 asked for a free one.
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as error:
        print(f"Không mở được cổng / Cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    sock.listen(128)
    port = sock.getsockname()[1]
    print(f"xephang dashboard: hall \"{config.hall.name}\", database {Path(db_path).resolve()}, "
          f"queue server {server_url}")
    print(f"xephang dashboard: listening on http://{args.host}:{port}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                           timeout_graceful_shutdown=2))
    asyncio.run(server.serve(sockets=[sock]))
    print("xephang dashboard: stopped")
    return 0
