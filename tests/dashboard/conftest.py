"""A real queue server and a real dashboard process on free ports, shared by the dashboard's tests."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.server_process import ServerProcess
from tests.support import TEST_HALL, HallServerProcess, hall_with_sessions

PASSWORDS = {"quanly": "mat-khau-quan-ly", "xem": "mat-khau-xem"}


def start_dashboard(server: HallServerProcess) -> ServerProcess:
    return ServerProcess("-m", "xephang.cli", "dashboard", "--config", str(TEST_HALL), "--db", str(server.db_path),
                         "--server", server.url, "--host", "127.0.0.1", "--port", "0", timeout=30)


@pytest.fixture(scope="session")
def hall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    # Two dashboards at once: the throttling test starts its own beside the shared one.
    server = HallServerProcess(db_path=folder / "hall.db", config_path=hall_with_sessions(folder, {"dashboard-1": 2}))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dashboard(hall):
    process = start_dashboard(hall)
    yield f"http://127.0.0.1:{process.port}"
    process.stop()


class WebClient:
    """A person's browser reduced to HTTP: cookies kept, redirects not followed, the page's CSRF token read."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf(self, path: str = "/login") -> str:
        status, _, body = self.get(path)
        return re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()

    def sign_in(self, account: str, password: str | None = None) -> tuple[int, dict, bytes]:
        return self.post("/login", {"csrf": self.csrf(), "account": account,
                                    "password": PASSWORDS[account] if password is None else password})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
