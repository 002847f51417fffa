"""A real local SMTP server (aiosmtpd) for delivery tests: the `smtp_server` fixture (a pytest
plugin, see conftest's `pytest_plugins`), the `Mailbox` it fills and `free_port`."""
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts; `refuse` answers RCPT for some addresses."""

    def __init__(self, port: int, refuse=None):
        #: the loopback port the server listens on
        self.port = port
        #: (predicate on the address, SMTP reply) or None to accept everything
        self.refuse = refuse
        self.envelopes: list[Envelope] = []
        #: the client's (address, port) for each accepted message: one per connection
        self.peers: list[object] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse[0](address):
            return self.refuse[1]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"

    def messages(self):
        """The received e-mails, parsed (SMTP carries CRLF line ends: back to LF)."""
        parsed = []
        for e in self.envelopes:
            assert isinstance(e.content, bytes)  # the Controller does not decode the data
            parsed.append(email.message_from_bytes(e.content.replace(b"\r\n", b"\n"),
                                                   policy=email.policy.default))
        return parsed


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start a local SMTP server: smtp_server(refuse=None, port=None) -> Mailbox (with .port)."""
    controllers = []

    def start(refuse=None, port=None):
        mailbox = Mailbox(port or free_port(), refuse)
        controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
        controller.start()
        controllers.append(controller)
        return mailbox

    yield start
    for controller in controllers:
        controller.stop()
