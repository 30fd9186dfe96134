"""Answers of the data.go.kr services (KMA's grid forecasts and warnings, AirKorea).

They share one envelope, ``{"response": {"header": {"resultCode", "resultMsg"}, "body":
{"items": …}}}``, and one habit: key problems come as ``<OpenAPI_ServiceResponse>`` XML with
HTTP 200, even when JSON was asked for. resultCode "03" (NO_DATA) is no error: nothing was
published. KMA wraps items as ``{"item": [...]}`` (one item may come as an object), AirKorea
sends the list itself.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, unquote

from reader.core.weather.base import WeatherError, printable

__all__ = ["NO_DATA", "decode", "items", "number", "quoted_key", "service_error", "xml_error"]

# resultCodes about the key (and its quota), from the services' guides.
_KEY_CODES = {"20", "21", "30", "31", "32", "33"}
_QUOTA_CODE = "22"
NO_DATA = "03"


def quoted_key(key: str) -> str:
    """data.go.kr hands out keys both raw and %-encoded; send exactly one level of encoding."""
    return quote(unquote(key), safe="")


def decode(body: bytes) -> str:
    for encoding in ("utf-8", "cp949"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


def xml_error(text: str, who: str) -> WeatherError | None:
    """data.go.kr's `<OpenAPI_ServiceResponse>` (sent with HTTP 200, whatever was asked)."""
    if "<" not in text[:200]:
        return None

    def tag(name: str) -> str:
        m = re.search(rf"<{name}>\s*([^<]*?)\s*</{name}>", text)
        return printable(m.group(1), 80) if m else ""

    auth, code = tag("returnAuthMsg"), tag("returnReasonCode")
    message = auth or tag("errMsg") or tag("resultMsg") or "unexpected XML answer"
    code = code or tag("resultCode")
    if "KEY" in auth.upper() and code not in _KEY_CODES:
        code = "30"
    if code.lstrip("0") == "3" or code == NO_DATA:  # an XML NO_DATA: nothing published
        return None
    return service_error(code, message, who)


def service_error(code: str, message: str, who: str) -> WeatherError:
    message = printable(message, 80) or f"code {code}"
    code = code.zfill(2)  # the guides' examples write "0" and "3" as well as "00" and "03"
    if code in _KEY_CODES:
        return WeatherError(f"{who} rejected the API key ({message})", key_error=True)
    if code == _QUOTA_CODE:
        return WeatherError(f"{who} request limit reached ({message})", retry_after=3600)
    return WeatherError(f"{who} service error ({message})")


def items(body: bytes, who: str, what: str = "answer") -> list[Any] | None:
    """The answer's items (dicts); None for NO_DATA or none; raises WeatherError otherwise."""
    text = decode(body).strip()
    if text.startswith("<"):
        if (error := xml_error(text, who)) is not None:
            raise error
        if re.search(r"<resultCode>\s*0*3\s*</resultCode>", text):
            return None
        raise WeatherError(f"{who}: the {what} is not the expected JSON")
    try:
        data = json.loads(text)
        header = data["response"]["header"]
        code, message = str(header.get("resultCode", "")), str(header.get("resultMsg", ""))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise WeatherError(f"{who}: the {what} is not the expected JSON") from None
    code = code.zfill(2)
    if code == NO_DATA:
        return None
    if code != "00":
        raise service_error(code, message, who)
    try:
        found = data["response"]["body"]["items"]
    except (TypeError, KeyError):
        return None
    if isinstance(found, dict):
        found = found.get("item", [])
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list):
        return None
    return [i for i in found if isinstance(i, dict)] or None


def number(value: object, *, missing_at: float = 900.0) -> float | None:
    try:
        result = float(str(value).strip())
    except ValueError:
        return None
    return None if abs(result) >= missing_at or result != result else result
