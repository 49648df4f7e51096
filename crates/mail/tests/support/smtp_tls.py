"""A STARTTLS / implicit-TLS SMTP server with AUTH for the mail tests.

usage: smtp_tls.py PORT CERT KEY MODE(starttls|tls) USER PASSWORD OUT_FILE
Each accepted message appends one JSON line to OUT_FILE: the recipients,
whether the session was encrypted and who authenticated.
"""
import json, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, mode, user, password, out = sys.argv[1:8]
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(out, "a") as f:
            f.write(json.dumps({"rcpt": envelope.rcpt_tos, "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
                                "login": (session.auth_data.login.decode() if session.auth_data else None),
                                "size": len(envelope.content)}) + "\n")
        return "250 2.0.0 accepted by the test server"

# With implicit TLS aiosmtpd does not see the session as encrypted, so it
# would never offer AUTH; the whole connection is TLS there anyway.
kwargs = dict(hostname="127.0.0.1", port=int(port), authenticator=authenticator, auth_require_tls=(mode != "tls"))
if mode == "tls":
    controller = Controller(Handler(), ssl_context=ctx, **kwargs)
else:
    controller = Controller(Handler(), tls_context=ctx, require_starttls=True, **kwargs)
controller.start()
print("ready", flush=True)
try:
    sys.stdin.read()  # until the test kills us
finally:
    controller.stop()
