"""wss:// with the hall's own certificate (issue 11, finding 9): a real TLS server on 127.0.0.1, a CA made here.

The apps' client checks the server's certificate and host name, says plainly on its offline reason when it is
wrong, for another host or expired, and keeps trying: fixed on the server, it connects without a restart."""
import asyncio
import json
import re
import ssl
import subprocess
import urllib.request

import pytest

from queue_protocol.client import QueueClient, TlsSetupError
from queue_server.config import ConfigError, load_config
from tests.support import ROOT, TEST_HALL, wait_until
from tests.tls_support import HallCA


def tls_hall(folder, cert, key):
    """The test hall serving wss:// with this certificate and key (paths relative to the file)."""
    path = folder / "hall-tls.toml"
    path.write_text(TEST_HALL.read_text(encoding="utf-8") + f'\n[server]\ntls_cert = "{cert.name}"\n'
                    f'tls_key = "{key.name}"\n', encoding="utf-8")
    return path


def wss(server, host="127.0.0.1") -> str:
    return f"wss://{host}:{server.port}"


async def offline_reason_of(client: QueueClient):
    """The reason a client that cannot connect shows, once its first attempts failed."""
    running = asyncio.ensure_future(client.run())
    try:
        await wait_until(lambda: client.offline_reason is not None, timeout=15)
        return client.offline_reason, client.connected
    finally:
        await client.close()
        await asyncio.wait_for(running, 5)


def test_a_client_trusting_the_hall_ca_connects_and_health_answers_over_https(make_hall_server, tmp_path):
    ca = HallCA(tmp_path)
    server = make_hall_server(config=tls_hall(tmp_path, *ca.server_cert("hall-server")))
    assert any("listening on wss://127.0.0.1:" in line for line in server.server.output)

    async def scenario():
        welcomes = []
        screen = QueueClient(wss(server), "display", "screen-1", "token-screen-1", ca_file=str(ca.cert_file),
                             on_welcome=welcomes.append)
        running = asyncio.ensure_future(screen.run())
        assert await screen.wait_connected(15)
        assert welcomes[0].snapshot.hall.name.startswith("Trung tâm")
        await screen.close()
        await asyncio.wait_for(running, 5)
    asyncio.run(scenario())
    context = ssl.create_default_context(cafile=str(ca.cert_file))
    with urllib.request.urlopen(f"https://localhost:{server.port}/healthz", context=context, timeout=10) as answer:
        assert json.loads(answer.read())["status"] == "ok"


def test_another_ca_a_wrong_host_and_plain_ws_are_told_plainly(make_hall_server, tmp_path):
    ca, stranger = HallCA(tmp_path / "hall"), HallCA(tmp_path / "stranger", name="someone else's CA")
    server = make_hall_server(config=tls_hall(tmp_path / "hall", *ca.server_cert("hall-server", hosts=("hall.lan",))))

    async def scenario():
        untrusted = await offline_reason_of(QueueClient(wss(server), "display", "screen-1", "token-screen-1",
                                                        ca_file=str(stranger.cert_file)))
        wrong_host = await offline_reason_of(QueueClient(wss(server), "display", "screen-1", "token-screen-1",
                                                         ca_file=str(ca.cert_file)))
        return untrusted, wrong_host
    (untrusted, connected), (wrong_host, _) = asyncio.run(scenario())
    assert not connected
    assert untrusted.vi.startswith("Chứng chỉ của máy chủ 127.0.0.1 không do CA của sảnh cấp")
    assert untrusted.en.endswith("it may not be the hall's server.")
    assert wrong_host.vi == ("Chứng chỉ của máy chủ được cấp cho máy khác, không phải 127.0.0.1: kiểm tra địa chỉ "
                             "máy chủ.")
    assert wrong_host.en == "The server's certificate is for another host, not 127.0.0.1: check the server address."
    assert not any("Traceback" in line for line in server.server.output)


def test_an_expired_certificate_is_told_and_a_renewed_one_recovers_without_restarting_the_app(
        make_hall_server, tmp_path):
    ca = HallCA(tmp_path)
    config = tls_hall(tmp_path, *ca.server_cert("expired", valid_days=(-400, -35)))
    server = make_hall_server(config=config)

    async def scenario():
        reasons = []
        screen = QueueClient(wss(server), "display", "screen-1", "token-screen-1", ca_file=str(ca.cert_file),
                             on_offline_reason=reasons.append)
        running = asyncio.ensure_future(screen.run())
        try:
            await wait_until(lambda: reasons, timeout=15)
            assert not screen.connected
            # The administrator renews the certificate and restarts the server; the screen is left alone.
            cert, key = ca.server_cert("renewed")
            config.write_text(config.read_text(encoding="utf-8").replace("expired.", "renewed."), encoding="utf-8")
            await asyncio.to_thread(server.stop)
            await asyncio.to_thread(server.start)
            assert await screen.wait_connected(20)
            assert screen.offline_reason is None and reasons[-1] is None
            return reasons[0]
        finally:
            await screen.close()
            await asyncio.wait_for(running, 5)
    expired = asyncio.run(scenario())
    assert expired.vi == "Chứng chỉ của máy chủ 127.0.0.1 đã hết hạn: hãy báo quản trị cấp chứng chỉ mới."
    assert expired.en == "The certificate of the server 127.0.0.1 has expired: ask the administrator for a new one."


def test_plain_ws_stays_the_default_and_a_mismatch_of_ws_and_wss_is_told(hall_server, make_hall_server, tmp_path):
    ca = HallCA(tmp_path)
    tls_server = make_hall_server(config=tls_hall(tmp_path, *ca.server_cert("hall-server")))

    async def scenario():
        to_plain = await offline_reason_of(QueueClient(f"wss://127.0.0.1:{hall_server.port}", "display", "screen-1",
                                                       "token-screen-1", ca_file=str(ca.cert_file)))
        to_tls = await offline_reason_of(QueueClient(f"ws://127.0.0.1:{tls_server.port}", "display", "screen-1",
                                                     "token-screen-1"))
        return to_plain[0], to_tls[0]
    to_plain, to_tls = asyncio.run(scenario())
    assert any("listening on ws://127.0.0.1:" in line for line in hall_server.server.output)
    assert to_plain.vi == "Máy chủ 127.0.0.1 không dùng kết nối bảo mật: kiểm tra địa chỉ (wss:// hay ws://)."
    assert to_tls.en == ("The server 127.0.0.1 closed the connection at once: if it uses wss://, change the address "
                         "and give the CA file.")


def test_a_ca_file_that_cannot_be_used_is_refused_at_start(tmp_path):
    with pytest.raises(TlsSetupError) as for_plain:
        QueueClient("ws://127.0.0.1:8765", "display", "screen-1", "t", ca_file=str(tmp_path / "ca.crt"))
    assert for_plain.value.text.en == "A CA file is given but the server address ws://127.0.0.1:8765 is not wss://."
    (tmp_path / "ca.crt").write_text("not a certificate")
    with pytest.raises(TlsSetupError) as unreadable:
        QueueClient("wss://127.0.0.1:8765", "display", "screen-1", "t", ca_file=str(tmp_path / "ca.crt"))
    assert unreadable.value.text.vi.startswith(f"Không dùng được tệp CA {tmp_path / 'ca.crt'} (")


def test_config_errors_name_the_key_and_the_line(tmp_path):
    ca = HallCA(tmp_path)
    cert, key = ca.server_cert("hall-server")
    other_cert, _ = ca.server_cert("other")
    lines = len(TEST_HALL.read_text(encoding="utf-8").splitlines())
    only_cert = tmp_path / "only-cert.toml"
    only_cert.write_text(TEST_HALL.read_text(encoding="utf-8") + f'\n[server]\ntls_cert = "{cert.name}"\n',
                         encoding="utf-8")
    with pytest.raises(ConfigError) as missing:
        load_config(only_cert)
    assert missing.value.text.vi == (f"[server], khóa tls_key (dòng {lines + 2}): cần cả tls_cert và tls_key (bỏ cả "
                                     "hai: ws:// không mã hóa)")
    assert missing.value.text.en == (f"[server], key tls_key (line {lines + 2}): needs both tls_cert and tls_key "
                                     "(neither: plain ws://)")
    mismatched = tls_hall(tmp_path, other_cert, key)
    with pytest.raises(ConfigError) as wrong_key:
        load_config(mismatched)
    assert wrong_key.value.text.vi.startswith(f"[server], khóa tls_cert (dòng {lines + 3}): không dùng được chứng "
                                              "chỉ với khóa này (")
    assert wrong_key.value.text.en.startswith(f"[server], key tls_cert (line {lines + 3}): this certificate and key "
                                              "cannot be used together (")
    (tmp_path / "hall-server.key").unlink()
    with pytest.raises(ConfigError) as gone:
        load_config(tls_hall(tmp_path, cert, key))
    assert gone.value.text.en == f"[server], key tls_key (line {lines + 4}): no file {str(key)!r}"


def test_the_operations_guide_makes_a_hall_ca_and_a_certificate_the_apps_trust(make_hall_server, tmp_path):
    """docs/operations.md section 10's openssl commands, run as written (its certificate names 127.0.0.1 too)."""
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    commands = next(block for block in re.findall(r"```sh\n(.*?)```", guide, flags=re.DOTALL)
                    if "openssl req -x509" in block)
    subprocess.run(["bash", "-e", "-c", commands], cwd=tmp_path, check=True, capture_output=True)
    server = make_hall_server(config=tls_hall(tmp_path, tmp_path / "hall-server.crt", tmp_path / "hall-server.key"))

    async def scenario():
        screen = QueueClient(wss(server), "display", "screen-1", "token-screen-1",
                             ca_file=str(tmp_path / "hall-ca.crt"))
        running = asyncio.ensure_future(screen.run())
        connected = await screen.wait_connected(15)
        await screen.close()
        await asyncio.wait_for(running, 5)
        return connected
    assert asyncio.run(scenario())
