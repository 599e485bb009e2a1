"""A real SMTP server for tests: aiosmtpd listening on 127.0.0.1, keeping every message it is
sent. Django's SMTP backend delivers to it over a socket, exactly as to a production relay."""

import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The aiosmtpd handler: every message received, parsed, in arrival order."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in (m["To"] or "")]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        """The messages, once at least `count` have arrived (or the timeout passes)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count and time.monotonic() < deadline:
                self._arrived.wait(deadline - time.monotonic())
        return list(self.messages)

    @staticmethod
    def body(message: email.message.EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.host, self.port = "127.0.0.1", free_port()
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
