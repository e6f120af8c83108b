"""A fake Stripe API (the few endpoints we use) plus Stripe-style webhook signing."""

import hashlib
import hmac
import json
import re
import secrets
import time
from urllib.parse import parse_qsl, urlsplit

from tests.fake_server import FakeServer, Reply


def _set(target: dict, keys: list[str], value):
    for index, key in enumerate(keys):
        last = index == len(keys) - 1
        if last:
            target[key] = value
        else:
            target = target.setdefault(key, {})


def _listify(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_listify(node[k]) for k in sorted(node, key=int)]
        return {k: _listify(v) for k, v in node.items()}
    return node


def parse_form(raw: str) -> dict:
    """Stripe's form encoding (`a[b][0][c]=v`) back into nested dicts and lists."""
    out: dict = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        _set(out, parts, value)
    return _listify(out)


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header exactly as Stripe builds it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


class FakeStripe(FakeServer):
    routes = [
        ("POST", r"/v1/checkout/sessions", "create_session"),
        ("GET", r"/v1/checkout/sessions", "list_sessions"),
        ("GET", r"/v1/checkout/sessions/([^/]+)", "get_session"),
        ("GET", r"/v1/payment_intents/([^/]+)", "get_intent"),
        ("POST", r"/v1/refunds", "create_refund"),
        ("GET", r"/v1/refunds", "list_refunds"),
        ("GET", r"/v1/charges/([^/]+)", "get_charge"),
    ]

    def __init__(self):
        super().__init__()
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotent: dict[str, Reply] = {}

    def error_body(self, status):
        return {"error": {"type": "api_error", "message": f"Fake Stripe error {status}"}}

    def _idempotent(self, request, build):
        key = request["headers"].get("Idempotency-Key")
        if key and key in self.idempotent:
            return self.idempotent[key]
        reply = build()
        if key:
            self.idempotent[key] = reply
        return reply

    # --- API
    def create_session(self, request):
        params = parse_form(request["raw"].decode())

        def build():
            sid = "cs_test_" + secrets.token_hex(12)
            items = params.get("line_items", [])
            total = sum(int(i["price_data"]["unit_amount"]) * int(i["quantity"]) for i in items)
            session = {
                "id": sid,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "status": "open",
                "payment_status": "unpaid",
                "amount_total": total,
                "currency": items[0]["price_data"]["currency"] if items else "usd",
                "client_reference_id": params.get("client_reference_id"),
                "customer_email": params.get("customer_email"),
                "metadata": params.get("metadata", {}),
                "payment_intent": None,
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "expires_at": int(params.get("expires_at") or time.time() + 86400),
                "created": int(time.time()),
                "url": f"https://checkout.stripe.test/c/pay/{sid}",
                "_intent_metadata": (params.get("payment_intent_data") or {}).get("metadata", {}),
            }
            self.sessions[sid] = session
            return Reply(200, self.public(session))

        return self._idempotent(request, build)

    def public(self, obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def get_session(self, request, sid):
        if sid not in self.sessions:
            return Reply(
                404, {"error": {"type": "invalid_request_error", "message": "No such session"}}
            )
        return Reply(200, self.public(self.sessions[sid]))

    def list_sessions(self, request):
        query = dict(parse_qsl(urlsplit(request["path"]).query))
        gte = int(query.get("created[gte]", 0))
        data = [self.public(s) for s in self.sessions.values() if s["created"] >= gte]
        data.sort(key=lambda s: s["created"], reverse=True)
        return Reply(
            200, {"object": "list", "data": data, "has_more": False, "url": "/v1/checkout/sessions"}
        )

    def get_intent(self, request, pid):
        if pid not in self.intents:
            return Reply(
                404, {"error": {"type": "invalid_request_error", "message": "No such intent"}}
            )
        return Reply(200, self.intents[pid])

    def create_refund(self, request):
        params = parse_form(request["raw"].decode())

        def build():
            intent = self.intents.get(params.get("payment_intent"))
            if intent is None:
                return Reply(
                    400,
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "message": "No such payment_intent",
                        }
                    },
                )
            charge = self.charges[intent["latest_charge"]]
            amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
            refund = self._refund(charge, amount, params.get("metadata", {}))
            return Reply(200, refund)

        return self._idempotent(request, build)

    # --- what happens on Stripe's side when the customer pays
    def pay(self, sid: str, *, amount: int | None = None, async_pending: bool = False) -> dict:
        with self.lock:
            session = self.sessions[sid]
            amount = session["amount_total"] if amount is None else amount
            pid = "pi_" + secrets.token_hex(10)
            cid = "ch_" + secrets.token_hex(10)
            metadata = dict(session["_intent_metadata"])
            self.charges[cid] = {
                "id": cid,
                "object": "charge",
                "amount": amount,
                "amount_captured": amount,
                "amount_refunded": 0,
                "currency": session["currency"],
                "paid": True,
                "refunded": False,
                "status": "succeeded",
                "payment_intent": pid,
                "metadata": metadata,  # a charge copies its PaymentIntent's metadata
                "refunds": {"object": "list", "data": []},
            }
            self.intents[pid] = {
                "id": pid,
                "object": "payment_intent",
                "amount": amount,
                "currency": session["currency"],
                "status": "processing" if async_pending else "succeeded",
                "latest_charge": cid,
                "metadata": metadata,
            }
            session.update(
                status="complete",
                payment_status="unpaid" if async_pending else "paid",
                payment_intent=pid,
                amount_total=amount
                if amount != session["amount_total"]
                else session["amount_total"],
            )
            return self.public(session)

    def settle_async(self, sid: str, *, succeeded: bool = True) -> dict:
        with self.lock:
            session = self.sessions[sid]
            session["payment_status"] = "paid" if succeeded else "unpaid"
            self.intents[session["payment_intent"]]["status"] = (
                "succeeded" if succeeded else "requires_payment_method"
            )
            return self.public(session)

    def expire(self, sid: str) -> dict:
        with self.lock:
            self.sessions[sid]["status"] = "expired"
            return self.public(self.sessions[sid])

    def charge_for(self, sid: str) -> dict:
        with self.lock:
            intent = self.intents[self.sessions[sid]["payment_intent"]]
            return json.loads(json.dumps(self.charges[intent["latest_charge"]]))

    def _refund(self, charge: dict, amount: int, metadata: dict) -> dict:
        refund = {
            "id": "re_" + secrets.token_hex(10),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge["id"],
            "payment_intent": charge["payment_intent"],
            "status": "succeeded",
            "created": int(time.time()),
            "metadata": metadata,
        }
        self.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        charge["refunds"]["data"].insert(0, refund)
        return refund

    def list_refunds(self, request):
        query = dict(parse_qsl(urlsplit(request["path"]).query))
        gte = int(query.get("created[gte]", 0))
        data = [dict(r) for r in self.refunds.values() if r["created"] >= gte]
        data.sort(key=lambda r: r["created"], reverse=True)
        return Reply(200, {"object": "list", "data": data, "has_more": False, "url": "/v1/refunds"})

    def get_charge(self, request, cid):
        if cid not in self.charges:
            return Reply(
                404, {"error": {"type": "invalid_request_error", "message": "No such charge"}}
            )
        return Reply(200, self.charges[cid])

    def refund_externally(self, sid: str, amount: int) -> dict:
        """A refund made in the Stripe dashboard: returns the charge after it."""
        with self.lock:
            intent = self.intents[self.sessions[sid]["payment_intent"]]
            self._refund(self.charges[intent["latest_charge"]], amount, {})
            return self.charge_for(sid)

    def fail_refund(self, refund_id: str) -> dict:
        """The bank sends a refund back (e.g. a closed card account): the refund fails and
        the charge's refunded total drops again. Returns the refund."""
        with self.lock:
            refund = self.refunds[refund_id]
            refund["status"] = "failed"
            refund["failure_reason"] = "expired_or_canceled_card"
            charge = self.charges[refund["charge"]]
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
            return json.loads(json.dumps(refund))


def event(event_type: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }
