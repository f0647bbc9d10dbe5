#!/usr/bin/env python3
"""test-pki.py DIR PORTFILE — the test CA's services on 127.0.0.1, for the tests.

Serves, from the PKI that make-test-certs.sh made in DIR:
  POST /tsa    an RFC 3161 time-stamp authority: `openssl ts -reply` with DIR/tsa.cnf
  POST /ocsp   an OCSP responder: `openssl ocsp` answering from DIR/index.txt,
               signed by DIR/ocsp.pem (so a revocation shows at once)
  GET  /crl/ca.crl   the CA's current CRL, DIR/ca.crl (DER)
Listens on 127.0.0.1 on a free port, writes the port number to PORTFILE when
ready, and appends one line per request ("POST /tsa 200") to DIR/requests.log,
so a test can tell which services were asked. Runs until killed. Nothing here
leaves the machine.
"""
import http.server
import os
import subprocess
import sys
import tempfile

DIR = os.path.abspath(sys.argv[1])
PORTFILE = sys.argv[2]


def openssl(args, body):
    with tempfile.TemporaryDirectory() as tmp:
        query = os.path.join(tmp, "in.der")
        answer = os.path.join(tmp, "out.der")
        with open(query, "wb") as f:
            f.write(body)
        args = [a.replace("{in}", query).replace("{out}", answer) for a in args]
        done = subprocess.run(["openssl"] + args, cwd=DIR, capture_output=True)
        if done.returncode != 0 or not os.path.exists(answer):
            sys.stderr.write(done.stderr.decode(errors="replace"))
            return None
        with open(answer, "rb") as f:
            return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, content_type, body):
        with open(os.path.join(DIR, "requests.log"), "a") as log:
            log.write(f"{self.command} {self.path} {status}\n")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/crl/ca.crl":
            with open(os.path.join(DIR, "ca.crl"), "rb") as f:
                return self.answer(200, "application/pkix-crl", f.read())
        self.answer(404, "text/plain", b"not found\n")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/tsa":
            out = openssl(["ts", "-reply", "-config", "tsa.cnf", "-queryfile", "{in}", "-out", "{out}"], body)
            kind = "application/timestamp-reply"
        elif self.path == "/ocsp":
            out = openssl(["ocsp", "-index", "index.txt", "-CA", "ca.pem", "-rsigner", "ocsp.pem",
                           "-rkey", "ocsp.key", "-reqin", "{in}", "-respout", "{out}", "-nmin", "60"], body)
            kind = "application/ocsp-response"
        else:
            return self.answer(404, "text/plain", b"not found\n")
        if out is None:
            return self.answer(500, "text/plain", b"openssl failed\n")
        self.answer(200, kind, out)


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
