"""A real SMTP server on loopback for the adapter's tests (Debian's python3-aiosmtpd).

Usage: python3 smtp_server.py PORT FOLDER
Writes every message it accepts to FOLDER/<recipient>/<n>.eml, refuses recipients starting with
"inconnu@" (550) and "plein@" (451), prints "ready" when listening, stops when stdin closes.
"""
import os
import sys
import itertools

from aiosmtpd.controller import Controller

counter = itertools.count(1)


class Handler:
    def __init__(self, folder):
        self.folder = folder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("inconnu@"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if address.startswith("plein@"):
            return "451 4.2.0 <%s>: Mailbox temporarily full" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(counter)
        for rcpt in envelope.rcpt_tos:
            box = os.path.join(self.folder, rcpt)
            os.makedirs(box, exist_ok=True)
            with open(os.path.join(box, "%d.eml" % n), "wb") as f:
                f.write(envelope.original_content or envelope.content)
        return "250 2.0.0 Message accepted for delivery"


controller = Controller(Handler(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
