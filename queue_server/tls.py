"""The hall server's own certificate: wss:// (and https:// for /healthz) on its one port.

A hall makes its own certificate authority and installs its certificate on every device (docs/operations.md);
the apps then check that they talk to the hall's server (queue_protocol/client.py).
"""
import ssl


def server_context(cert_file: str, key_file: str) -> ssl.SSLContext:
    """Raises ssl.SSLError or OSError when the files are not a certificate and its private key."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_file, key_file)
    return context
