"""portal.sms: text messages through a backend chosen by SMS_BACKEND, like Django's mail."""

import http.server
import io
import json
import threading

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from portal import sms
from portal.sms.backends import console, filebased, locmem
from portal.sms.backends import http as http_backend


def test_the_in_memory_backend_keeps_messages_in_the_outbox(settings):
    settings.SMS_BACKEND = "portal.sms.backends.locmem.SmsBackend"

    sms.send_sms("13800138000", "您的验证码 123456")

    assert sms.outbox == [sms.SmsMessage(to="13800138000", body="【广州市律师协会】您的验证码 123456")]
    assert isinstance(sms.get_connection(), locmem.SmsBackend)


def test_the_console_backend_prints_number_and_text():
    stream = io.StringIO()

    sms.send_sms("13800138000", "验证码 654321", connection=console.SmsBackend(stream=stream))

    assert "收信号码：13800138000" in stream.getvalue()
    assert "验证码 654321" in stream.getvalue()


def test_the_file_backend_writes_one_file_per_message(tmp_path, settings):
    settings.SMS_FILE_PATH = str(tmp_path)
    backend = filebased.SmsBackend()

    sms.send_sms("13800138000", "第一条", connection=backend)
    sms.send_sms("13900139000", "第二条", connection=backend)

    texts = sorted(path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    assert len(texts) == 2
    assert any("13900139000" in text and "第二条" in text for text in texts)


def test_the_file_backend_needs_its_folder(settings):
    settings.SMS_FILE_PATH = ""

    with pytest.raises(ImproperlyConfigured):
        filebased.SmsBackend()


class Gateway(http.server.BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append((self.headers.get("Authorization"), json.loads(body)))
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received = []
    Gateway.status = 200
    server = http.server.HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", Gateway
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_the_message_to_the_gateway(gateway):
    url, handler = gateway

    sms.send_sms("13800138000", "验证码 111222", connection=http_backend.SmsBackend(url=url, token="secret"))

    assert handler.received == [("Bearer secret", {"to": "13800138000", "text": "【广州市律师协会】验证码 111222"})]


def test_a_refusing_gateway_raises_sms_error(gateway):
    url, handler = gateway
    handler.status = 500

    with pytest.raises(sms.SmsError):
        sms.send_sms("13800138000", "验证码", connection=http_backend.SmsBackend(url=url))


def test_an_unreachable_gateway_raises_sms_error():
    with pytest.raises(sms.SmsError):
        sms.send_sms("13800138000", "验证码", connection=http_backend.SmsBackend(url="http://127.0.0.1:9/", timeout=2))


@pytest.mark.parametrize("backend", ["console", "locmem"])
def test_the_deploy_check_refuses_a_backend_that_reaches_no_phone(settings, backend):
    settings.SMS_BACKEND = f"portal.sms.backends.{backend}.SmsBackend"

    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert "portal.E004" in ids


def test_the_deploy_check_accepts_the_gateway(settings):
    settings.SMS_BACKEND = "portal.sms.backends.http.SmsBackend"

    ids = {message.id for message in run_checks(include_deployment_checks=True)}

    assert "portal.E004" not in ids
