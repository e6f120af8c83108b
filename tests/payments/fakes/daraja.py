"""A fake Safaricom Daraja API: OAuth, STK push, STK query, the Reversal API and B2C, checking
what the real one checks (bearer token, password = base64(shortcode + passkey + timestamp),
whole amounts, phone format, account reference length, a SecurityCredential that decrypts
with Safaricom's private key to the initiator's password)."""

import base64
import json
import re
import secrets
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from tests.fake_server import FakeServer, Reply


class FakeDaraja(FakeServer):
    routes = [
        ("GET", r"/oauth/v1/generate", "token"),
        ("POST", r"/mpesa/stkpush/v1/processrequest", "stk_push"),
        ("POST", r"/mpesa/stkpushquery/v1/query", "stk_query"),
        ("POST", r"/mpesa/reversal/v1/request", "reversal"),
        ("POST", r"/mpesa/b2c/v3/paymentrequest", "b2c"),
    ]

    def __init__(
        self,
        *,
        shortcode: str,
        passkey: str,
        initiator=("apiop", "op-password"),
        b2c_shortcode: str = "600000",
    ):
        super().__init__()
        self.shortcode = shortcode
        self.b2c_shortcode = b2c_shortcode
        self.passkey = passkey
        self.initiator_name, self.initiator_password = initiator
        self.tokens: set[str] = set()
        self.pushes: dict[str, dict] = {}
        # CheckoutRequestID -> final ResultCode; absent means "still being processed".
        self.results: dict[str, int] = {}
        # M-Pesa receipt number -> whole shillings paid (completed STK payments).
        self.transactions: dict[str, int] = {}
        # ConversationID -> the accepted reversal or B2C request.
        self.refund_requests: dict[str, dict] = {}
        self.originators: set[str] = set()  # B2C OriginatorConversationIDs seen
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-daraja")])
        now = datetime.now(tz=UTC)
        self.certificate_pem = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(self._key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM)
        )

    def error_body(self, status):
        return {
            "requestId": secrets.token_hex(4),
            "errorCode": f"{status}.000.00",
            "errorMessage": "Fake error",
        }

    def _bad(self, message, code="400.002.02"):
        return Reply(
            400, {"requestId": secrets.token_hex(4), "errorCode": code, "errorMessage": message}
        )

    def token(self, request):
        auth = request["headers"].get("Authorization", "")
        expected = base64.b64encode(b"consumer-key:consumer-secret").decode()
        if auth != f"Basic {expected}":
            return Reply(
                400, {"errorCode": "400.008.01", "errorMessage": "Invalid Authentication passed"}
            )
        token = secrets.token_hex(12)
        self.tokens.add(token)
        return Reply(200, {"access_token": token, "expires_in": "3599"})

    def _authorised(self, request) -> bool:
        auth = request["headers"].get("Authorization", "")
        return auth.startswith("Bearer ") and auth.split(" ", 1)[1] in self.tokens

    def _check_password(self, body) -> bool:
        raw = f"{self.shortcode}{self.passkey}{body.get('Timestamp')}"
        return body.get("Password") == base64.b64encode(raw.encode()).decode() and re.fullmatch(
            r"\d{14}", str(body.get("Timestamp"))
        )

    def stk_push(self, request):
        if not self._authorised(request):
            return Reply(401, {"errorCode": "404.001.03", "errorMessage": "Invalid Access Token"})
        body = json.loads(request["raw"])
        if not self._check_password(body):
            return self._bad("Bad Request - Invalid Password")
        if not isinstance(body.get("Amount"), int) or body["Amount"] < 1:
            return self._bad("Bad Request - Invalid Amount")
        if not re.fullmatch(r"254[17]\d{8}", str(body.get("PhoneNumber"))):
            return self._bad("Bad Request - Invalid PhoneNumber")
        if len(body.get("AccountReference", "")) > 12:
            return self._bad("Bad Request - Invalid AccountReference")
        checkout_id = "ws_CO_" + secrets.token_hex(10)
        merchant_id = secrets.token_hex(6)
        self.pushes[checkout_id] = {**body, "MerchantRequestID": merchant_id}
        return Reply(
            200,
            {
                "MerchantRequestID": merchant_id,
                "CheckoutRequestID": checkout_id,
                "ResponseCode": "0",
                "ResponseDescription": "Success. Request accepted for processing",
                "CustomerMessage": "Success. Request accepted for processing",
            },
        )

    def stk_query(self, request):
        if not self._authorised(request):
            return Reply(401, {"errorCode": "404.001.03", "errorMessage": "Invalid Access Token"})
        body = json.loads(request["raw"])
        if not self._check_password(body):
            return self._bad("Bad Request - Invalid Password")
        checkout_id = body.get("CheckoutRequestID")
        if checkout_id not in self.pushes:
            return self._bad("Bad Request - Invalid CheckoutRequestID", "400.002.02")
        if checkout_id not in self.results:
            return Reply(
                500,
                {
                    "requestId": secrets.token_hex(4),
                    "errorCode": "500.001.1001",
                    "errorMessage": "The transaction is being processed",
                },
            )
        code = self.results[checkout_id]
        return Reply(
            200,
            {
                "ResponseCode": "0",
                "ResponseDescription": "The service request has been accepted successsfully",
                "MerchantRequestID": self.pushes[checkout_id]["MerchantRequestID"],
                "CheckoutRequestID": checkout_id,
                "ResultCode": str(code),
                "ResultDesc": "The service request is processed successfully."
                if code == 0
                else "Failed",
            },
        )

    def callback(self, checkout_id: str, result_code: int, *, amount=None, receipt="QKX1AB2CD3"):
        """The body Safaricom POSTs to the callback URL (and records the final result)."""
        push = self.pushes[checkout_id]
        self.results[checkout_id] = result_code
        callback = {
            "MerchantRequestID": push["MerchantRequestID"],
            "CheckoutRequestID": checkout_id,
            "ResultCode": result_code,
            "ResultDesc": "The service request is processed successfully."
            if result_code == 0
            else "Request cancelled by user"
            if result_code == 1032
            else "Failed",
        }
        if result_code == 0:
            self.transactions[receipt] = push["Amount"]
            callback["CallbackMetadata"] = {
                "Item": [
                    {
                        "Name": "Amount",
                        "Value": float(push["Amount"] if amount is None else amount),
                    },
                    {"Name": "MpesaReceiptNumber", "Value": receipt},
                    {"Name": "Balance"},
                    {"Name": "TransactionDate", "Value": 20261126101530},
                    {"Name": "PhoneNumber", "Value": int(push["PhoneNumber"])},
                ]
            }
        return {"Body": {"stkCallback": callback}}

    # --- refunds: the Reversal API and B2C
    def _credential_ok(self, credential: str) -> bool:
        try:
            password = self._key.decrypt(base64.b64decode(credential), padding.PKCS1v15())
        except ValueError:
            return False
        return password.decode() == self.initiator_password

    def _refund_request_error(self, request, initiator_field: str):
        if not self._authorised(request):
            return Reply(401, {"errorCode": "404.001.03", "errorMessage": "Invalid Access Token"})
        body = json.loads(request["raw"])
        if body.get(initiator_field) != self.initiator_name or not self._credential_ok(
            str(body.get("SecurityCredential"))
        ):
            return self._bad("Bad Request - Invalid Initiator Information", "400.002.05")
        if not all(
            str(body.get(k, "")).startswith("http") for k in ("ResultURL", "QueueTimeOutURL")
        ):
            return self._bad("Bad Request - Invalid URL")
        return None

    def _accept_refund(self, kind: str, body: dict, originator: str):
        conversation_id = "AG_20261126_" + secrets.token_hex(10)
        self.refund_requests[conversation_id] = {**body, "_kind": kind}
        return Reply(
            200,
            {
                "OriginatorConversationID": originator,
                "ConversationID": conversation_id,
                "ResponseCode": "0",
                "ResponseDescription": "Accept the service request successfully.",
            },
        )

    def reversal(self, request):
        error = self._refund_request_error(request, "Initiator")
        if error:
            return error
        body = json.loads(request["raw"])
        if body.get("CommandID") != "TransactionReversal":
            return self._bad("Bad Request - Invalid CommandID")
        if str(body.get("ReceiverParty")) != self.shortcode:
            return self._bad("Bad Request - Invalid ReceiverParty")
        paid = self.transactions.get(body.get("TransactionID"))
        if paid is None or body.get("Amount") != paid:
            return self._bad("Bad Request - Invalid TransactionID or Amount")
        return self._accept_refund("reversal", body, secrets.token_hex(8))

    def b2c(self, request):
        error = self._refund_request_error(request, "InitiatorName")
        if error:
            return error
        body = json.loads(request["raw"])
        originator = str(body.get("OriginatorConversationID") or "")
        if not originator or originator in self.originators:
            return self._bad("Bad Request - Duplicate OriginatorConversationID", "400.002.02")
        if body.get("CommandID") != "BusinessPayment":
            return self._bad("Bad Request - Invalid CommandID")
        if str(body.get("PartyA")) != self.b2c_shortcode:
            return self._bad("Bad Request - Invalid PartyA")
        if not re.fullmatch(r"254[17]\d{8}", str(body.get("PartyB"))):
            return self._bad("Bad Request - Invalid PartyB")
        if not isinstance(body.get("Amount"), int) or body["Amount"] < 1:
            return self._bad("Bad Request - Invalid Amount")
        self.originators.add(originator)
        return self._accept_refund("b2c", body, originator)

    def refund_result(self, conversation_id: str, result_code=0) -> dict:
        """The body Daraja POSTs to the ResultURL when the refund is done (or refused)."""
        request = self.refund_requests[conversation_id]
        result = {
            "ResultType": 0,
            "ResultCode": result_code,
            "ResultDesc": "The service request is processed successfully."
            if result_code == 0
            else "The transaction has already been reversed.",
            "OriginatorConversationID": request.get("OriginatorConversationID", "x"),
            "ConversationID": conversation_id,
            "TransactionID": "R" + secrets.token_hex(5).upper(),
            "ReferenceData": {
                "ReferenceItem": {"Key": "QueueTimeoutURL", "Value": request["QueueTimeOutURL"]}
            },
        }
        if result_code == 0 and request["_kind"] == "reversal":
            parameters = [
                {"Key": "DebitAccountBalance", "Value": "Utility Account|KES|51661.00"},
                {"Key": "Amount", "Value": float(request["Amount"])},
                {"Key": "TransCompletedTime", "Value": 20261126113000},
                {"Key": "OriginalTransactionID", "Value": request["TransactionID"]},
                {"Key": "Charge", "Value": 0.0},
                {"Key": "CreditPartyPublicName", "Value": "254712345678 - Jane Client"},
                {"Key": "DebitPartyPublicName", "Value": f"{self.shortcode} - AngiSoft"},
            ]
            result["ResultParameters"] = {"ResultParameter": parameters}
        elif result_code == 0:
            parameters = [
                {"Key": "TransactionAmount", "Value": request["Amount"]},
                {"Key": "TransactionReceipt", "Value": result["TransactionID"]},
                {"Key": "ReceiverPartyPublicName", "Value": f"{request['PartyB']} - Jane Client"},
                {"Key": "TransactionCompletedDateTime", "Value": "26.11.2026 11:30:00"},
                {"Key": "B2CUtilityAccountAvailableFunds", "Value": 10116.0},
                {"Key": "B2CRecipientIsRegisteredCustomer", "Value": "Y"},
            ]
            result["ResultParameters"] = {"ResultParameter": parameters}
        return {"Result": result}

    def refund_timeout(self, conversation_id: str) -> dict:
        """What Daraja POSTs to the QueueTimeOutURL when the request expired in its queue."""
        assert conversation_id in self.refund_requests, "only an accepted request times out"
        return {
            "Result": {
                "ResultType": 1,
                "ResultCode": "SFC_IC0003",
                "ResultDesc": "The request timed out in the queue.",
                "OriginatorConversationID": secrets.token_hex(8),
                "ConversationID": conversation_id,
            }
        }
