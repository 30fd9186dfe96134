"""A Google Reader API client: ClientLogin, the edit token and the calls a sync makes.

GETs carry `Authorization: GoogleLogin auth=<token>`; POSTs carry it too and the edit token
`T` in the form (Miniflux authenticates a POST by `T` alone, FreshRSS checks both). A token the
server no longer takes (401) is dropped and the client logs in once more. Every failure is a
`SyncError` of one line; the password and tokens never appear in one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from reader.core.http import NetworkSettings
from reader.core.http_errors import MiB, failure_reason, status_reason
from reader.core.sync.credentials import PasswordSource, TokenCache
from reader.core.sync.dialects import Dialect, long_item_id
from reader.core.sync.model import SyncAuthError, SyncError
from reader.core.text import printable

MAX_ANSWER = 64 * MiB  # one batch of item contents is a few MiB at most
Form = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int
    content: bytes


class GReaderClient:
    """One server, one user; use from one event loop and close it (`aclose`)."""

    def __init__(
        self,
        dialect: Dialect,
        username: str,
        password: PasswordSource,
        tokens: TokenCache,
        settings: NetworkSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        settings = settings or NetworkSettings()
        self.dialect = dialect
        self.requests = 0  # every request made, logins included (the benchmark counts them)
        self._username = username
        self._password = password
        self._tokens = tokens
        self._auth: str | None = tokens.load()
        self._edit: str | None = None
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._http = httpx.AsyncClient(
            timeout=timeout,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"GReaderClient({self.dialect.base!r}, {self._username!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- the calls a sync makes ---------------------------------------------------------
    async def subscriptions(self) -> Any:
        return await self._json("GET", "subscription/list")

    async def item_ids(
        self,
        stream: str,
        *,
        exclude: str | None = None,
        since: int | None = None,
        limit: int,
    ) -> tuple[list[str], bool]:
        """The ids of `stream` (without those in `exclude`; added since `since`, in Unix
        seconds), following continuations up to `limit` ids; and whether that was all."""
        ids: list[str] = []
        continuation: str | None = None
        while True:
            params: list[tuple[str, str]] = [("s", stream)]
            params.append(("n", str(min(self.dialect.ids_per_page, limit - len(ids)))))
            if exclude:
                params.append(("xt", exclude))
            if since is not None:
                params.append(("ot", str(since)))
            if continuation:
                params.append(("c", continuation))
            answer = await self._json("GET", "stream/items/ids", params)
            refs = answer.get("itemRefs") if isinstance(answer, dict) else None
            if refs is None:
                refs = []  # FreshRSS and Miniflux leave it out (or null) when there are none
            if not isinstance(refs, list):
                raise SyncError("the server's item list is not a list")
            ids.extend(str(ref["id"]) for ref in refs if isinstance(ref, dict) and "id" in ref)
            nxt = answer.get("continuation") if isinstance(answer, dict) else None
            if not nxt or not refs:
                return ids, True
            if len(ids) >= limit:
                return ids[:limit], False
            continuation = str(nxt)

    async def contents(self, item_ids: Sequence[int]) -> list[Any]:
        form = [("i", long_item_id(i)) for i in item_ids]
        answer = await self._json("POST", "stream/items/contents", form=form)
        items = answer.get("items") if isinstance(answer, dict) else None
        return items if isinstance(items, list) else []

    async def edit_tag(
        self, item_ids: Sequence[int], *, add: str | None = None, remove: str | None = None
    ) -> None:
        form = [("i", long_item_id(i)) for i in item_ids]
        form += [("a", add)] if add else []
        form += [("r", remove)] if remove else []
        await self._call("POST", "edit-tag", form=form)

    async def mark_all_read(self, stream: str, older_than_usec: int) -> None:
        await self._call(
            "POST", "mark-all-as-read", form=[("s", stream), ("ts", str(older_than_usec))]
        )

    # --- authentication -----------------------------------------------------------------
    async def login(self) -> str:
        form = [("Email", self._username), ("Passwd", self._password.get())]
        response = await self._send("POST", self.dialect.login_url, data=form)
        if response.status_code in (400, 401, 403):
            raise SyncAuthError(
                f"{self._host} refused the username or password of {self._username} "
                f"({status_reason(response.status_code)})"
            )
        self._check(response, "ClientLogin")
        token = _auth_token(response.content)
        if token is None:
            raise SyncError(f"{self._host} sent no auth token (is this a Google Reader API?)")
        self._tokens.save(token)
        return token

    async def _edit_token(self) -> str:
        if self._edit is None:
            response = await self._authed("GET", self.dialect.api("token"), None, None)
            self._edit = response.content.decode("utf-8", "replace").strip()
        return self._edit

    # --- requests -----------------------------------------------------------------------
    @property
    def _host(self) -> str:
        return printable(httpx.URL(self.dialect.base).host or self.dialect.base, 80)

    async def _json(
        self,
        method: str,
        path: str,
        params: Form | None = None,
        *,
        form: Form | None = None,
    ) -> Any:
        response = await self._call(method, path, [*(params or ()), ("output", "json")], form=form)
        try:
            return json.loads(response.content)
        except ValueError:
            raise SyncError(
                f"{self._host} answered {path} with something that is not JSON"
            ) from None

    async def _call(
        self, method: str, path: str, params: Form | None = None, *, form: Form | None = None
    ) -> Answer:
        response = await self._authed(method, self.dialect.api(path), params, form)
        self._check(response, path)
        return response

    async def _authed(
        self, method: str, url: str, params: Form | None, form: Form | None
    ) -> Answer:
        """The request with the auth token (and `T` on a POST); one new login when the
        server says the token is no good."""
        for attempt in (1, 2):
            fresh = self._auth is None
            if self._auth is None:
                self._auth = await self.login()
            data: list[tuple[str, str]] | None = None
            if method == "POST":
                data = [*(form or ()), ("T", await self._edit_token())]
            headers = {"Authorization": f"GoogleLogin auth={self._auth}"}
            response = await self._send(method, url, params=params, data=data, headers=headers)
            if response.status_code != 401:
                return response
            self._auth = self._edit = None
            self._tokens.clear()
            if fresh or attempt == 2:
                break
        raise SyncAuthError(f"{self._host} does not accept the login of {self._username}")

    async def _send(
        self,
        method: str,
        url: str,
        *,
        params: Form | None = None,
        data: Form | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        self.requests += 1
        body = urlencode(list(data)) if data is not None else None
        if body is not None:
            headers = {**(headers or {}), "Content-Type": "application/x-www-form-urlencoded"}
        try:
            async with self._http.stream(
                method, url, params=list(params or ()), content=body, headers=headers
            ) as response:
                size = 0
                chunks: list[bytes] = []
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER:
                        raise SyncError(f"{self._host} sent an answer of more than 64 MiB")
                    chunks.append(chunk)
                return Answer(response.status_code, b"".join(chunks))
        except httpx.HTTPError as exc:
            reason, _ = failure_reason(exc, httpx.URL(url), "")
            raise SyncError(f"cannot reach {self._host}: {reason}") from None

    def _check(self, response: Answer, what: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        hint = ""
        if status == 503 and self.dialect.name == "freshrss":
            hint = " (is the API enabled in FreshRSS's authentication settings?)"
        elif status == 404:
            hint = " (no Google Reader API there? FreshRSS's is at …/api/greader.php)"
        raise SyncError(f"{self._host} answered {what} with {status_reason(status)}{hint}")


def _auth_token(body: bytes) -> str | None:
    """`Auth=…` of a ClientLogin answer: plain `key=value` lines, or JSON (Miniflux with
    output=json)."""
    text = body.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        try:
            value = json.loads(text).get("Auth")
        except (ValueError, AttributeError):
            return None
        return value if isinstance(value, str) and value.strip() else None
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "Auth" and value.strip():
            return value.strip()
    return None
