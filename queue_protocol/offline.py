"""Why an app is not connected to its queue server, in the words its screen shows (Vietnamese, English).

The client (client.py) keeps the latest reason while it is offline; every app puts it in its offline banner,
so a clerk or a technician reads what is wrong on the device itself, not only in a log.
"""
import ssl
from urllib.parse import urlsplit

from websockets.exceptions import InvalidMessage

from queue_protocol.text import Text


def refused(code: int, reason: str) -> Text:
    return Text(f"Máy chủ từ chối thiết bị này ({code} {reason}): kiểm tra mã thiết bị và mã bí mật.",
                f"The server refused this device ({code} {reason}): check its device id and token.")


def replaced(address: str, again: bool) -> Text:
    """Another connection said hello as this device: a second machine with its id, or its hello replayed."""
    if not again:
        return Text(f"Thiết bị này vừa được kết nối từ máy khác ({address}): đang kết nối lại.",
                    f"This device was just connected from another machine ({address}): reconnecting.")
    return Text(f"Thiết bị này đang được dùng trên máy khác ({address}): đã ngừng kết nối. Hãy báo quản trị.",
                f"This device is in use on another machine ({address}): stopped. Tell the administrator.")


def replaced_by(reason: str) -> str:
    """The address in the server's close reason "replaced by a new session from 192.168.1.50"."""
    return reason.rpartition(" from ")[2] or "?"


# OpenSSL's verify codes (X509_V_ERR_*) a hall's devices meet.
_NOT_YET_VALID, _EXPIRED, _WRONG_HOST = 9, 10, (62, 64)  # 62: a host name, 64: an IP address


def attempt_failed(error: Exception, url: str) -> Text | None:
    """Why a connection attempt failed, when it says more than "no network": the certificate, or a server
    that speaks TLS to a ws:// client or does not to a wss:// one. None: the app's own "reconnecting" words."""
    host, secure = urlsplit(url).hostname or "?", url.startswith("wss://")
    if isinstance(error, ssl.SSLError):
        return _tls_failure(error, host)
    if secure and isinstance(error, ConnectionResetError):  # a plain server resets a TLS hello
        return _not_tls(host)
    if not secure and isinstance(error, InvalidMessage) and isinstance(error.__cause__, EOFError):
        return Text(f"Máy chủ {host} đóng kết nối ngay: nếu máy chủ dùng wss://, hãy đổi địa chỉ và cho tệp CA.",
                    f"The server {host} closed the connection at once: if it uses wss://, change the address and "
                    "give the CA file.")
    return None


def certificate_expired(host: str) -> Text:
    return Text(f"Chứng chỉ của máy chủ {host} đã hết hạn: hãy báo quản trị cấp chứng chỉ mới.",
                f"The certificate of the server {host} has expired: ask the administrator for a new one.")


def _not_tls(host: str) -> Text:
    return Text(f"Máy chủ {host} không dùng kết nối bảo mật: kiểm tra địa chỉ (wss:// hay ws://).",
                f"The server {host} does not speak TLS: check the address (wss:// or ws://).")


def _tls_failure(error: ssl.SSLError, host: str) -> Text:
    if isinstance(error, ssl.SSLCertVerificationError):
        if error.verify_code == _EXPIRED:
            return certificate_expired(host)
        if error.verify_code == _NOT_YET_VALID:
            return Text(f"Chứng chỉ của máy chủ {host} chưa có hiệu lực: kiểm tra đồng hồ của máy này.",
                        f"The certificate of the server {host} is not valid yet: check this machine's clock.")
        if error.verify_code in _WRONG_HOST:
            return Text(f"Chứng chỉ của máy chủ được cấp cho máy khác, không phải {host}: kiểm tra địa chỉ máy chủ.",
                        f"The server's certificate is for another host, not {host}: check the server address.")
        return Text(f"Chứng chỉ của máy chủ {host} không do CA của sảnh cấp ({error.verify_message}): có thể "
                    "không phải máy chủ của sảnh.",
                    f"The certificate of the server {host} is not signed by the hall's CA ({error.verify_message}): "
                    "it may not be the hall's server.")
    if error.reason == "WRONG_VERSION_NUMBER":
        return _not_tls(host)
    return Text(f"Không lập được kết nối bảo mật tới {host} ({error.reason or error}).",
                f"No secure connection to {host} ({error.reason or error}).")
