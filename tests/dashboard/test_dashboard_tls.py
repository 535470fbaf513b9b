"""The dashboard against a wss:// server: the hall CA trusted, the live page works; another CA, the page says
why the queue server is not reached (issue 11, finding 9)."""
import time

from tests.dashboard.conftest import WebClient
from tests.queue_server.test_tls import tls_hall
from tests.server_process import ServerProcess
from tests.tls_support import HallCA


def dashboard(config, server, ca_file) -> ServerProcess:
    return ServerProcess("-m", "xephang.cli", "dashboard", "--config", str(config), "--db", str(server.db_path),
                         "--server", f"wss://127.0.0.1:{server.port}", "--ca-file", str(ca_file),
                         "--host", "127.0.0.1", "--port", "0", timeout=30)


def live_page(process: ServerProcess, until: str) -> str:
    web = WebClient(f"http://127.0.0.1:{process.port}")
    assert web.sign_in("quanly")[0] == 303
    deadline = time.monotonic() + 20
    while True:
        page = web.get("/")[2].decode()
        if until in page or time.monotonic() > deadline:
            return page
        time.sleep(0.2)


def test_the_live_page_over_wss_and_a_certificate_it_does_not_trust(make_hall_server, tmp_path):
    ca, stranger = HallCA(tmp_path / "hall"), HallCA(tmp_path / "stranger", name="someone else's CA")
    config = tls_hall(tmp_path / "hall", *ca.server_cert("hall-server"))
    server = make_hall_server(config=config)
    trusting = dashboard(config, server, ca.cert_file)
    try:
        page = live_page(trusting, until="Đất đai")
        assert 'id="offline"' not in page and "Đất đai" in page
    finally:
        trusting.stop()
    distrusting = dashboard(config, server, stranger.cert_file)
    try:
        page = live_page(distrusting, until="không do CA của sảnh cấp")
        assert 'id="offline"' in page
        assert "Chứng chỉ của máy chủ 127.0.0.1 không do CA của sảnh cấp" in page
    finally:
        distrusting.stop()
