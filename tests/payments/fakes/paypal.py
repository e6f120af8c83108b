"""A fake PayPal REST API: OAuth, Orders v2 (create, read, capture), capture refunds and
verify-webhook-signature. The fake "signs" webhooks with an HMAC over PayPal's signed
string (transmission id | time | webhook id | CRC32 of the exact body), so verification
only passes if the body reaches PayPal byte for byte."""

import base64
import hashlib
import hmac
import json
import secrets
import zlib
from datetime import UTC, datetime

from tests.fake_server import FakeServer, Reply

SIGNING_KEY = b"fake-paypal-signing-key"


def _signature(transmission_id, time, webhook_id, raw: bytes) -> str:
    signed = f"{transmission_id}|{time}|{webhook_id}|{zlib.crc32(raw)}".encode()
    return base64.b64encode(hmac.new(SIGNING_KEY, signed, hashlib.sha256).digest()).decode()


def webhook_headers(raw: str, webhook_id: str, *, valid: bool = True) -> dict:
    tid = secrets.token_hex(8)
    time = datetime.now(tz=UTC).isoformat()
    sig = _signature(tid, time, webhook_id, raw.encode()) if valid else "Zm9yZ2Vk"
    return {
        "HTTP_PAYPAL_AUTH_ALGO": "SHA256withRSA",
        "HTTP_PAYPAL_CERT_URL": "https://api.paypal.test/v1/notifications/certs/CERT-1",
        "HTTP_PAYPAL_TRANSMISSION_ID": tid,
        "HTTP_PAYPAL_TRANSMISSION_SIG": sig,
        "HTTP_PAYPAL_TRANSMISSION_TIME": time,
    }


class FakePaypal(FakeServer):
    routes = [
        ("POST", r"/v1/oauth2/token", "token"),
        ("POST", r"/v2/checkout/orders", "create_order"),
        ("GET", r"/v2/checkout/orders/([^/]+)", "get_order"),
        ("POST", r"/v2/checkout/orders/([^/]+)/capture", "capture"),
        ("POST", r"/v2/payments/captures/([^/]+)/refund", "refund"),
        ("POST", r"/v1/notifications/verify-webhook-signature", "verify"),
    ]

    def __init__(self, *, webhook_id: str):
        super().__init__()
        self.webhook_id = webhook_id
        self.tokens: set[str] = set()
        self.orders: dict[str, dict] = {}
        self.captures: dict[str, dict] = {}
        self.idempotent: dict[str, Reply] = {}

    def error_body(self, status):
        return {"name": "INTERNAL_SERVER_ERROR", "message": "Fake PayPal error"}

    def _authorised(self, request):
        auth = request["headers"].get("Authorization", "")
        return auth.startswith("Bearer ") and auth.split(" ", 1)[1] in self.tokens

    def _idempotent(self, request, build):
        key = request["headers"].get("PayPal-Request-Id")
        if key and key in self.idempotent:
            return self.idempotent[key]
        reply = build()
        if key and reply.status < 400:
            self.idempotent[key] = reply
        return reply

    def token(self, request):
        expected = base64.b64encode(b"paypal-client:paypal-secret").decode()
        if request["headers"].get("Authorization") != f"Basic {expected}":
            return Reply(401, {"error": "invalid_client"})
        token = secrets.token_hex(12)
        self.tokens.add(token)
        return Reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": 32400})

    def create_order(self, request):
        if not self._authorised(request):
            return Reply(401, {"name": "AUTHENTICATION_FAILURE"})
        body = json.loads(request["raw"])

        def build():
            oid = secrets.token_hex(8).upper()
            order = {
                "id": oid,
                "intent": body["intent"],
                "status": "PAYER_ACTION_REQUIRED",
                "purchase_units": body["purchase_units"],
                "links": [
                    {"href": f"https://api.paypal.test/v2/checkout/orders/{oid}", "rel": "self"},
                    {
                        "href": f"https://www.paypal.test/checkoutnow?token={oid}",
                        "rel": "payer-action",
                    },
                ],
            }
            self.orders[oid] = order
            return Reply(200, order)

        return self._idempotent(request, build)

    def get_order(self, request, oid):
        if oid not in self.orders:
            return Reply(404, {"name": "RESOURCE_NOT_FOUND"})
        return Reply(200, self.orders[oid])

    def capture(self, request, oid):
        if not self._authorised(request):
            return Reply(401, {"name": "AUTHENTICATION_FAILURE"})

        def build():
            order = self.orders.get(oid)
            if order is None:
                return Reply(404, {"name": "RESOURCE_NOT_FOUND"})
            if order["status"] == "COMPLETED":
                return Reply(
                    422, {"name": "UNPROCESSABLE_ENTITY", "message": "ORDER_ALREADY_CAPTURED"}
                )
            if order["status"] != "APPROVED":
                return Reply(422, {"name": "UNPROCESSABLE_ENTITY", "message": "ORDER_NOT_APPROVED"})
            unit = order["purchase_units"][0]
            cid = secrets.token_hex(8).upper()
            capture = {
                "id": cid,
                "status": "COMPLETED",
                "amount": dict(unit["amount"]),
                "custom_id": unit.get("custom_id"),
                "invoice_id": unit.get("invoice_id"),
                "supplementary_data": {"related_ids": {"order_id": oid}},
                "seller_receivable_breakdown": {},
            }
            self.captures[cid] = capture
            unit["payments"] = {"captures": [capture]}
            order["status"] = "COMPLETED"
            return Reply(201, order)

        return self._idempotent(request, build)

    def refund(self, request, cid):
        body = json.loads(request["raw"] or b"{}")

        def build():
            capture = self.captures[cid]
            value = body["amount"]["value"]
            rid = secrets.token_hex(8).upper()
            total = (
                capture["seller_receivable_breakdown"]
                .get("total_refunded_amount", {})
                .get("value", "0")
            )
            new_total = f"{float(total) + float(value):.2f}"
            capture["seller_receivable_breakdown"]["total_refunded_amount"] = {
                "currency_code": capture["amount"]["currency_code"],
                "value": new_total,
            }
            full = float(new_total) >= float(capture["amount"]["value"])
            capture["status"] = "REFUNDED" if full else "PARTIALLY_REFUNDED"
            refund = {"id": rid, "status": "COMPLETED", "amount": body["amount"]}
            # An order read lists its refunds beside its captures.
            order = self.orders[capture["supplementary_data"]["related_ids"]["order_id"]]
            order["purchase_units"][0]["payments"].setdefault("refunds", []).append(refund)
            return Reply(201, refund)

        return self._idempotent(request, build)

    def verify(self, request):
        raw = request["raw"].decode()
        marker = '"webhook_event": '
        fields = json.loads(raw)
        event_raw = raw[raw.index(marker) + len(marker) : raw.rindex("}")].encode()
        expected = _signature(
            fields["transmission_id"], fields["transmission_time"], fields["webhook_id"], event_raw
        )
        ok = fields["webhook_id"] == self.webhook_id and hmac.compare_digest(
            expected, fields["transmission_sig"]
        )
        return Reply(200, {"verification_status": "SUCCESS" if ok else "FAILURE"})

    # --- the buyer's side
    def approve(self, oid: str):
        with self.lock:
            self.orders[oid]["status"] = "APPROVED"


def event(event_type: str, resource: dict) -> dict:
    return {
        "id": "WH-" + secrets.token_hex(8).upper(),
        "event_version": "1.0",
        "create_time": datetime.now(tz=UTC).isoformat(),
        "resource_type": "capture" if event_type.startswith("PAYMENT.") else "checkout-order",
        "event_type": event_type,
        "summary": event_type,
        "resource": resource,
    }
